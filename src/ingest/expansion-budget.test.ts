/**
 * Goal: ExpansionBudget enforces the byte cap, the ratio and the entry cap, and stays
 * tripped. Method: charge it by hand.
 */
import { describe, expect, it } from 'vitest';
import { ExpansionBudget } from './expansion-budget.ts';

const limits = { expandedBytesMax: 10_000, expansionRatioMax: 100, ratioCheckBytesMin: 1000, entriesMax: 3 };

describe('ExpansionBudget', () => {
  it('chargeBytes() throws INGEST_LIMIT past the byte cap', () => {
    const budget = new ExpansionBudget(1_000_000, limits);
    budget.chargeBytes(10_000);
    expect(() => budget.chargeBytes(1)).toThrow(expect.objectContaining({ code: 'INGEST_LIMIT' }));
  });

  it('chargeBytes() throws INGEST_LIMIT when expansion passes the ratio', () => {
    const budget = new ExpansionBudget(20, limits);
    expect(() => budget.chargeBytes(2001)).toThrow(expect.objectContaining({ code: 'INGEST_LIMIT' }));
  });

  it('chargeBytes() ignores the ratio below the check floor', () => {
    const budget = new ExpansionBudget(1, limits);
    budget.chargeBytes(1000);
    expect(budget.tripped).toBe(false);
  });

  it('chargeEntry() throws INGEST_LIMIT past the entry cap', () => {
    const budget = new ExpansionBudget(100, limits);
    budget.chargeEntry();
    budget.chargeEntry();
    budget.chargeEntry();
    expect(() => budget.chargeEntry()).toThrow(expect.objectContaining({ code: 'INGEST_LIMIT' }));
  });

  it('a tripped budget refuses every later charge', () => {
    const budget = new ExpansionBudget(1_000_000, limits);
    expect(() => budget.chargeBytes(20_000)).toThrow();
    expect(budget.tripped).toBe(true);
    expect(() => budget.chargeBytes(0)).toThrow(expect.objectContaining({ code: 'INGEST_LIMIT' }));
    expect(() => budget.chargeEntry()).toThrow(expect.objectContaining({ code: 'INGEST_LIMIT' }));
  });
});

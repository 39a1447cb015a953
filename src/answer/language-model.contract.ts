/**
 * The contract every {@link LanguageModel} passes (STYLE.md "Contracts and fakes"): run it
 * from the implementation's test with a setup that starts whatever the model needs (for an
 * HTTP adapter, a real local server that speaks the protocol).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isNoctemError } from '../core/index.ts';
import type { LanguageModel } from './language-model.ts';

/** What a contract setup provides: a working model and a way to release it. */
export interface LanguageModelFixture {
  /** A model that can answer. */
  readonly model: LanguageModel;
  /** Releases servers, sockets or files the setup made. */
  close(): Promise<void>;
}

/**
 * Registers the contract tests for one implementation.
 * @param name - the implementation's name, for the test titles
 * @param setup - makes a fresh fixture per test
 */
export function runLanguageModelContract(name: string, setup: () => Promise<LanguageModelFixture>): void {
  describe(`${name} satisfies the LanguageModel contract`, () => {
    let fixture: LanguageModelFixture | undefined;
    afterEach(async () => {
      await fixture?.close();
      fixture = undefined;
    });

    it('complete() returns a string text and a non-empty model name', async () => {
      fixture = await setup();
      const completion = await fixture.model.complete([{ role: 'user', content: 'Say hello.' }]);
      expect(typeof completion.text).toBe('string');
      expect(completion.model.length).toBeGreaterThan(0);
    });

    it('complete() rejects with LLM_UNAVAILABLE when its signal is already aborted', async () => {
      fixture = await setup();
      const signal = AbortSignal.abort(new Error('the person cancelled'));
      const outcome = await fixture.model.complete([{ role: 'user', content: 'Say hello.' }], { signal }).catch((error: unknown) => error);
      expect(isNoctemError(outcome, 'LLM_UNAVAILABLE')).toBe(true);
    });
  });
}

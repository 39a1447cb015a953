/**
 * Parses one skill module with acorn (ES module, latest syntax, locations on) under a node
 * budget. acorn's own `parse` would build the whole tree first, and a 4 MiB file of `a;`
 * makes about four million nodes (~700 MB with locations) before any walker could count
 * them; so the parser is extended, through acorn's documented plugin mechanism
 * (`Parser.extend`), to count nodes as it creates them (`startNode`, `startNodeAt`,
 * `copyNode`, the three constructors every acorn node goes through) and stop at the budget.
 * Deep nesting is acorn's own concern: it reports "Not enough stack space" as a syntax
 * error instead of overflowing. Pure.
 */
import { Parser, type Options } from 'acorn';
import type { AstNode } from './skill-ast-walk.ts';

/** The outcome of parsing one module. */
export type SkillModuleParse =
  | { readonly kind: 'parsed'; readonly program: AstNode; readonly nodes: number }
  | { readonly kind: 'syntax-error'; readonly message: string; readonly line: number; readonly column: number }
  | { readonly kind: 'too-many-nodes'; readonly line: number; readonly column: number };

/** The acorn options every skill module is parsed with. */
export const skillModuleParseOptions: Options = Object.freeze({ ecmaVersion: 'latest', sourceType: 'module', locations: true });

/**
 * Parses `text` as an ES module, creating at most `nodesMax` nodes.
 * @param text - the module's source
 * @param nodesMax - the node budget left for this module
 * @returns the program and its node count, a syntax error (line 1-based, column 1-based),
 *   or where the budget ran out
 */
export function parseSkillModule(text: string, nodesMax: number): SkillModuleParse {
  const parser = new CountingParser(skillModuleParseOptions, text);
  parser.nodesLeft = nodesMax;
  try {
    const program = parser.parse() as unknown as AstNode;
    return { kind: 'parsed', program, nodes: nodesMax - parser.nodesLeft };
  } catch (error) {
    if (error instanceof NodeBudgetExceeded) return { kind: 'too-many-nodes', line: error.line, column: error.column };
    if (error instanceof SyntaxError) {
      const { line, column } = (error as SyntaxError & { loc?: { line: number; column: number } }).loc ?? { line: 1, column: 0 };
      return { kind: 'syntax-error', message: error.message, line, column: column + 1 };
    }
    throw error;
  }
}

/** Thrown inside the parser when the budget runs out; never leaves this file. */
class NodeBudgetExceeded extends Error {
  constructor(readonly line: number, readonly column: number) {
    super('node budget exceeded');
  }
}

interface CountingParserInstance {
  nodesLeft: number;
  parse(): unknown;
}

type NodeFactory = (this: unknown, ...args: unknown[]) => unknown;

/** What the counting subclass needs of acorn's parser internals (stable since acorn 1). */
interface ParserInternals {
  readonly curLine: number;
  readonly start: number;
  readonly lineStart: number;
}

// acorn's typings declare only the public surface; the node factories are the plugin API.
const base = Parser.prototype as unknown as Record<'startNode' | 'startNodeAt' | 'copyNode', NodeFactory>;

const CountingParser = Parser.extend((Base) => {
  class Counting extends (Base as unknown as new (options: Options, input: string) => ParserInternals) {
    nodesLeft = 0;

    startNode(...args: unknown[]): unknown {
      this.charge();
      return base.startNode.apply(this, args);
    }

    startNodeAt(...args: unknown[]): unknown {
      this.charge();
      return base.startNodeAt.apply(this, args);
    }

    copyNode(...args: unknown[]): unknown {
      this.charge();
      return base.copyNode.apply(this, args);
    }

    charge(): void {
      this.nodesLeft -= 1;
      if (this.nodesLeft < 0) throw new NodeBudgetExceeded(this.curLine, this.start - this.lineStart + 1);
    }
  }
  return Counting as unknown as typeof Parser;
}) as unknown as new (options: Options, input: string) => CountingParserInstance;

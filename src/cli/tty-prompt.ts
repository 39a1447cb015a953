/**
 * Reads one line from the terminal, optionally without echo (passphrases). Only called
 * when stdin and stderr are a TTY.
 */
import { createInterface } from 'node:readline';
import { NoctemError, limits } from '../core/index.ts';

/**
 * Prompts on stderr and resolves with the line typed.
 * @throws {NoctemError} USAGE when nothing is typed within `passphrasePromptMsMax`
 */
export function promptLine(question: string, options: { secret?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const timer = setTimeout(() => {
      rl.close();
      reject(new NoctemError('USAGE', 'No answer was typed in time'));
    }, limits.passphrasePromptMsMax);
    if (options.secret === true) {
      // Replace echoed characters: readline writes through _writeToOutput.
      const output = rl as unknown as { _writeToOutput: (s: string) => void };
      output._writeToOutput = (s: string): void => {
        if (s.includes(question)) process.stderr.write(s);
      };
    }
    rl.question(question, (answer) => {
      clearTimeout(timer);
      rl.close();
      if (options.secret === true) process.stderr.write('\n');
      resolve(answer);
    });
  });
}

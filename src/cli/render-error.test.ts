/**
 * Goal: errors read the same everywhere (STYLE.md "Errors"): `error[CODE]: message` and
 * `hint:` on stderr with exit 1, the JSON body on stdout under --json, and bugs as
 * INTERNAL with exit 2. Method: renderError() on captured writers, pinned by inline
 * snapshots.
 */
import { expect, test } from 'vitest';
import { NoctemError } from '../core/index.ts';
import { renderError } from './render-error.ts';

function render(error: unknown, json: boolean): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = renderError(error, { stdout: { write: (t) => void (stdout += t) }, stderr: { write: (t) => void (stderr += t) }, json });
  return { code, stdout, stderr };
}

const homeExists = new NoctemError('HOME_EXISTS', 'A Noctem home already exists at "/media/usb/noctem"', { details: { home: '/media/usb/noctem' } });

test('renderError() prints a NoctemError and its hint on stderr and returns 1', () => {
  expect(render(homeExists, false)).toMatchInlineSnapshot(`
    {
      "code": 1,
      "stderr": "error[HOME_EXISTS]: A Noctem home already exists at "/media/usb/noctem"
    hint: Pass --home DIR to choose another folder, or use the existing home.
    ",
      "stdout": "",
    }
  `);
});

test('renderError() under --json prints the error body on stdout only', () => {
  expect(render(homeExists, true)).toMatchInlineSnapshot(`
    {
      "code": 1,
      "stderr": "",
      "stdout": "{"error":{"code":"HOME_EXISTS","message":"A Noctem home already exists at \\"/media/usb/noctem\\"","hint":"Pass --home DIR to choose another folder, or use the existing home.","details":{"home":"/media/usb/noctem"}}}
    ",
    }
  `);
});

test('renderError() prints a bug as error[INTERNAL] and returns 2', () => {
  expect(render(new TypeError('Cannot read properties of undefined'), false)).toMatchInlineSnapshot(`
    {
      "code": 2,
      "stderr": "error[INTERNAL]: Cannot read properties of undefined
    hint: This is a bug in Noctem; please report it with the command you ran.
    ",
      "stdout": "",
    }
  `);
});

test('renderError() under --json prints a bug as an INTERNAL body and returns 2', () => {
  expect(render(new RangeError('index out of range'), true)).toMatchInlineSnapshot(`
    {
      "code": 2,
      "stderr": "",
      "stdout": "{"error":{"code":"INTERNAL","message":"index out of range","hint":"This is a bug in Noctem; please report it with the command you ran.","details":{}}}
    ",
    }
  `);
});

test('renderError() keeps a hint given at the throw site over the catalog hint', () => {
  const error = new NoctemError('USAGE', 'Unknown option \'--bogus\'', { hint: 'Usage: noctem audit [--limit N]' });
  expect(render(error, false).stderr).toMatchInlineSnapshot(`
    "error[USAGE]: Unknown option '--bogus'
    hint: Usage: noctem audit [--limit N]
    "
  `);
});

/**
 * The in-sandbox half of the process tiers (bubblewrap and gVisor). Plain JavaScript run by
 * plain `node` (no tsx, no project imports: it starts in tens of milliseconds) as
 * `node <flags> /noctem/sandbox-runner.cjs <channel>`, where `<channel>` is `fd3` (one socket
 * on fd 3 for both directions) or `stdio` (fd 0 in, fd 1 out, as runsc passes no other fds).
 *
 * Protocol (JSON lines, see process-sandbox-protocol.ts): it sends `{t:'ready'}`, waits for
 * `{t:'start', entry, input, methods, digests, outputBytesMax}`, links the package's modules
 * itself with `vm.SourceTextModule` (relative specifiers inside /skill only, each file checked
 * against its SHA-256 from the host before it is compiled), calls the default export with
 * `input` and a `noctem` object holding only the granted methods, and sends one
 * `{t:'result', ...}`. Capability calls are `{t:'call', id, method, args}` answered by
 * `{t:'reply', id, ok, value | error}`.
 *
 * CommonJS rather than an ES module: node's ESM loader costs ~80 ms more to start under
 * gVisor (each of its file system calls is a trap into the sentry) and ~8 ms under bubblewrap.
 *
 * Nothing here is a security boundary: the skill runs in this realm and can do anything this
 * file can (write to the channel, reach `process`). The boundaries are outside: bubblewrap or
 * gVisor, Node's permission model, rlimits, and a host that trusts no byte it reads.
 */
'use strict';
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS: require is its module system. */
const { Buffer } = require('node:buffer');
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { Socket } = require('node:net');
const { posix } = require('node:path');
const process = require('node:process');
const { SourceTextModule } = require('node:vm');

const skillRoot = '/skill';
/** Longest host message this runner accepts, bytes (the start message carries the input). */
const hostLineBytesMax = 64 * 1024 * 1024;

const channelMode = process.argv[2] === 'stdio' ? 'stdio' : 'fd3';
const input = new Socket({ fd: channelMode === 'stdio' ? 0 : 3, readable: true, writable: channelMode !== 'stdio' });
const output = channelMode === 'stdio' ? new Socket({ fd: 1, readable: false, writable: true }) : input;
if (channelMode === 'stdio') {
  // fd 1 is the channel: the skill's console output goes to stderr instead.
  Object.defineProperty(process, 'stdout', { configurable: true, enumerable: true, get: () => process.stderr });
}

let started = false;
let nextCallId = 0;
const pending = new Map();

function send(message) {
  output.write(`${JSON.stringify(message)}\n`);
}

function onHostMessage(message) {
  if (message.t === 'start' && !started) {
    started = true;
    void runSkill(message);
  } else if (message.t === 'reply' && pending.has(message.id)) {
    const { resolve, reject } = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) resolve(message.value);
    else reject(Object.assign(new Error(String(message.error.message)), { code: String(message.error.code) }));
  }
}

function readLines(socket, onLine) {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffered += chunk;
    if (buffered.length > hostLineBytesMax) process.exit(70);
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      onLine(JSON.parse(line));
      newline = buffered.indexOf('\n');
    }
  });
  // The host closing the channel means the run is over.
  socket.on('end', () => process.exit(0));
}

function buildNoctem(methods) {
  const noctem = {};
  for (const method of methods) {
    const [space, name] = method.split('.');
    noctem[space] ??= {};
    noctem[space][name] = (...args) => new Promise((resolve, reject) => {
      const id = nextCallId++;
      pending.set(id, { resolve, reject });
      send({ t: 'call', id, method, args });
    });
  }
  return noctem;
}

function makeLinker(digests) {
  const modules = new Map();
  const paths = new WeakMap();
  const load = (path) => {
    let module = modules.get(path);
    if (module !== undefined) return module;
    const bytes = readFileSync(posix.join(skillRoot, path));
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digests[path] !== digest) throw new Error(`Cannot import "${path}": its bytes differ from the verified package`);
    module = new SourceTextModule(bytes.toString('utf8'), {
      identifier: `skill:${path}`,
      importModuleDynamically: (specifier) => loadLinked(resolve(path, specifier)),
    });
    paths.set(module, path);
    modules.set(path, module);
    return module;
  };
  const resolve = (importer, specifier) => {
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) {
      throw new Error(`Cannot import "${specifier.slice(0, 200)}": a skill imports only its own files, by a relative path`);
    }
    const path = posix.normalize(posix.join(posix.dirname(importer), specifier));
    if (path === '..' || path.startsWith('../') || !Object.hasOwn(digests, path)) {
      throw new Error(`Cannot import "${specifier.slice(0, 200)}": the skill package has no such file`);
    }
    return path;
  };
  const linker = (specifier, referencing) => load(resolve(paths.get(referencing), specifier));
  const loadLinked = async (path) => {
    const module = load(path);
    if (module.status === 'unlinked') await module.link(linker);
    if (module.status === 'linked') await module.evaluate();
    return module;
  };
  return loadLinked;
}

/** The error text to report, cut so that its JSON fits well inside one message. */
function describeError(error, textBytesMax) {
  const name = error instanceof Error ? error.name : 'Error';
  let message = error instanceof Error ? error.message : `non-Error thrown: ${String(error)}`;
  while (message.length > 0 && Buffer.byteLength(JSON.stringify(message)) > textBytesMax) {
    message = message.slice(0, Math.floor(message.length / 2));
  }
  return { name: String(name).slice(0, 100), message };
}

async function runSkill(start) {
  const textBytesMax = Math.max(256, Math.floor(start.outputBytesMax / 2));
  try {
    const loadLinked = makeLinker(start.digests);
    const entry = await loadLinked(posix.normalize(start.entry));
    const main = entry.namespace.default;
    if (typeof main !== 'function') throw new TypeError('The entry module has no default export function');
    const value = await main(start.input, buildNoctem(start.methods));
    const text = typeof value === 'function' || typeof value === 'symbol' ? undefined : JSON.stringify(value);
    if (text === undefined) throw new TypeError(`The skill returned ${typeof value}, which is not JSON`);
    output.write(`{"t":"result","ok":true,"value":${text}}\n`);
  } catch (error) {
    send({ t: 'result', ok: false, error: describeError(error, textBytesMax) });
  }
}

readLines(input, onHostMessage);
send({ t: 'ready' });

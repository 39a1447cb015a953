/**
 * The syntax-tree checks of the static skill scan: given one visited node, report the
 * rules of `skill-scan-rules.ts` it breaks. Member names are resolved statically where
 * the source allows it: `x.y`, `x['y']`, `` x[`y`] `` and `x['a' + 'b']` all name "y" or
 * "ab". A global object's member (`globalThis.process`, `self['ev' + 'al']`) is judged like
 * the bare global name. Pure.
 */
import { isAstNode as isNode, type AstNode, type AstVisit } from './skill-ast-walk.ts';
import type { SkillScanRule } from './skill-scan-rules.ts';

/** What the checks need besides the node. */
export interface SkillScanCheckContext {
  /** The module's path inside the package. */
  readonly path: string;
  /** Every file path of the package (imports must name one of them). */
  readonly packagePaths: ReadonlySet<string>;
  /** Records a finding at `node`. */
  report(rule: SkillScanRule, node: AstNode): void;
}

/** Global names and the rule a reference to each breaks. */
const globalNameRules: ReadonlyMap<string, SkillScanRule> = new Map<string, SkillScanRule>([
  ['require', 'commonjs'], ['module', 'commonjs'], ['exports', 'commonjs'], ['__filename', 'commonjs'], ['__dirname', 'commonjs'],
  ['eval', 'eval'], ['Function', 'function-constructor'], ['process', 'process'], ['WebAssembly', 'webassembly'],
  ['globalThis', 'global-object'], ['self', 'global-object'], ['global', 'global-object'], ['window', 'global-object'],
  ['Proxy', 'proxy'], ['SharedArrayBuffer', 'shared-memory'],
]);
const globalObjectNames = new Set(['globalThis', 'self', 'global', 'window']);
const functionLiteralTypes = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'ClassExpression']);
const moduleFilePattern = /\.m?js$/i;

/**
 * Whether a package path is a module the scan parses (`.js` or `.mjs`, any case).
 * @param path - a package path
 */
export function isSkillModulePath(path: string): boolean {
  return moduleFilePattern.test(path);
}

/**
 * Reports what `visit.node` breaks.
 * @param visit - the node, its parent and the parent's field holding it
 * @param context - the module's path, the package's paths and the report sink
 */
export function checkSkillScanNode(visit: AstVisit, context: SkillScanCheckContext): void {
  const { node } = visit;
  switch (node.type) {
    case 'Identifier':
      if (isReference(visit)) checkGlobalName(node['name'] as string, node, visit, context);
      return;
    case 'MemberExpression':
      checkMember(node, context);
      return;
    case 'Property':
      checkPropertyKey(node, visit.parent, context);
      return;
    case 'VariableDeclarator':
      checkDestructuredGlobal(node['id'], node['init'], context);
      return;
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      checkDestructuredGlobal(node['left'], node['right'], context);
      return;
    case 'ImportDeclaration':
    case 'ExportNamedDeclaration':
    case 'ExportAllDeclaration':
      checkImportSource(node, context);
      return;
    case 'ImportExpression':
      context.report('import-dynamic', node);
      return;
    case 'MetaProperty':
      if (identifierName(node['meta']) === 'import') context.report('import-meta', node);
      return;
    case 'DebuggerStatement':
      context.report('debugger', node);
      return;
    default:
      return;
  }
}

/**
 * Resolves a static import specifier against the importing module's path.
 * @param from - the importing module's package path
 * @param specifier - the string after `from`
 * @returns the package path, or the rule the specifier breaks
 */
export function resolveSkillImport(from: string, specifier: string): { readonly path: string } | { readonly rule: SkillScanRule } {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return { rule: 'import-not-relative' };
  const segments = from.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '.') continue;
    // An empty segment ("./a//b.js") names no package path; Node would keep it.
    if (segment === '') return { rule: 'import-missing' };
    if (segment !== '..') segments.push(segment);
    else if (segments.pop() === undefined) return { rule: 'import-outside-package' };
  }
  return { path: segments.join('/') };
}

function checkImportSource(node: AstNode, context: SkillScanCheckContext): void {
  const source = node['source'];
  if (!isNode(source) || typeof source['value'] !== 'string') return;
  const resolved = resolveSkillImport(context.path, source['value']);
  if ('rule' in resolved) context.report(resolved.rule, source);
  else if (!context.packagePaths.has(resolved.path)) context.report('import-missing', source);
  else if (!isSkillModulePath(resolved.path)) context.report('import-not-module', source);
}

function checkGlobalName(name: string, node: AstNode, visit: AstVisit | undefined, context: SkillScanCheckContext): void {
  const rule = globalNameRules.get(name);
  if (rule === undefined) return;
  // `x instanceof Function` is a type test that cannot build code.
  const parent = visit?.parent;
  if (name === 'Function' && parent?.type === 'BinaryExpression' && parent['operator'] === 'instanceof' && visit?.key === 'right') return;
  context.report(rule, node);
}

function checkMember(node: AstNode, context: SkillScanCheckContext): void {
  const name = memberName(node);
  const object = unwrap(node['object']);
  const objectName = object?.type === 'ThisExpression' ? 'this' : identifierName(object);
  if (name === undefined) {
    if (node['computed'] === true && objectName !== undefined && (objectName === 'this' || globalObjectNames.has(objectName))) {
      context.report('computed-global', node);
    }
    return;
  }
  if (objectName !== undefined && globalObjectNames.has(objectName)) checkGlobalName(name, node, undefined, context);
  // Nobody writes x['eval'] for an ordinary method; the bracket form is disguise.
  else if (node['computed'] === true && (name === 'eval' || name === 'Function')) checkGlobalName(name, node, undefined, context);
  if (name === 'constructor') checkConstructor(node, object, context);
  else if (name === '__proto__') context.report('proto', node);
  else if (name === 'setPrototypeOf' && (objectName === 'Object' || objectName === 'Reflect')) context.report('set-prototype', node);
  else if (name === 'wait' && objectName === 'Atomics') context.report('atomics-wait', node);
}

function checkConstructor(node: AstNode, object: AstNode | undefined, context: SkillScanCheckContext): void {
  if (object?.type === 'MemberExpression' && memberName(object) === 'constructor') context.report('constructor-chain', node);
  else if (object !== undefined && functionLiteralTypes.has(object.type)) context.report('function-constructor', node);
  else context.report('constructor-access', node);
}

function checkPropertyKey(node: AstNode, parent: AstNode | undefined, context: SkillScanCheckContext): void {
  const key = propertyKey(node);
  if (key === '__proto__') context.report('proto', node);
  if (key !== 'constructor' || parent?.type !== 'ObjectPattern') return;
  // `const { constructor: { constructor: F } } = []` is the chain spelled as a pattern.
  const value = unwrapDefault(node['value']);
  const nested = value?.type === 'ObjectPattern' && (value['properties'] as unknown[]).some((inner) => isNode(inner) && propertyKey(inner) === 'constructor');
  context.report(nested ? 'constructor-chain' : 'constructor-access', node);
}

function propertyKey(node: AstNode): string | undefined {
  return node['computed'] === true ? staticString(node['key']) : identifierName(node['key']) ?? staticString(node['key']);
}

function unwrapDefault(value: unknown): AstNode | undefined {
  if (!isNode(value)) return undefined;
  return value.type === 'AssignmentPattern' && isNode(value['left']) ? value['left'] : value;
}

/** `const { process: p } = globalThis` reads the global's `process`; judge the keys as such. */
function checkDestructuredGlobal(pattern: unknown, source: unknown, context: SkillScanCheckContext): void {
  const sourceName = identifierName(unwrap(source));
  if (!isNode(pattern) || pattern.type !== 'ObjectPattern' || sourceName === undefined || !globalObjectNames.has(sourceName)) return;
  for (const property of pattern['properties'] as unknown[]) {
    if (!isNode(property) || property.type !== 'Property') continue;
    const key = propertyKey(property);
    if (key !== undefined) checkGlobalName(key, property, undefined, context);
  }
}

function isReference(visit: AstVisit): boolean {
  const { parent, key } = visit;
  if (parent === undefined) return true;
  switch (parent.type) {
    case 'MemberExpression':
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return key !== (parent.type === 'MemberExpression' ? 'property' : 'key') || parent['computed'] === true;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'MetaProperty':
      return false;
    case 'ImportSpecifier':
      return key !== 'imported';
    case 'ExportSpecifier':
    case 'ExportAllDeclaration':
      return key !== 'exported';
    default:
      return true;
  }
}

/** The member's property name when the source fixes it, else undefined. */
function memberName(node: AstNode): string | undefined {
  const property = node['property'];
  if (node['computed'] === true) return staticString(property);
  return identifierName(property);
}

/** A string the source fixes: a literal, a template without substitutions, or `+` of those. */
function staticString(value: unknown): string | undefined {
  if (!isNode(value)) return undefined;
  if (value.type === 'Literal') return typeof value['value'] === 'string' || typeof value['value'] === 'number' ? String(value['value']) : undefined;
  if (value.type === 'TemplateLiteral') {
    const quasis = value['quasis'] as AstNode[];
    if ((value['expressions'] as unknown[]).length !== 0 || quasis.length !== 1) return undefined;
    const cooked = (quasis[0]!['value'] as { cooked?: unknown }).cooked;
    return typeof cooked === 'string' ? cooked : undefined;
  }
  if (value.type === 'BinaryExpression' && value['operator'] === '+') {
    const left = staticString(value['left']);
    const right = left === undefined ? undefined : staticString(value['right']);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

/** Sees through `a?.b` wrappers and `(0, x)` sequences to the expression that yields the value. */
function unwrap(value: unknown): AstNode | undefined {
  let node = isNode(value) ? value : undefined;
  while (node !== undefined && (node.type === 'ChainExpression' || node.type === 'SequenceExpression')) {
    const inner: unknown = node.type === 'ChainExpression' ? node['expression'] : (node['expressions'] as unknown[]).at(-1);
    node = isNode(inner) ? inner : undefined;
  }
  return node;
}

function identifierName(value: unknown): string | undefined {
  return isNode(value) && value.type === 'Identifier' ? (value['name'] as string) : undefined;
}

/**
 * The print query language, evaluated per item on a stack of booleans (RouterOS API manual):
 *
 *   ?name        push: item has `name`          ?-name      push: item lacks `name`
 *   ?name=x      push: name equals x (also `?=name=x`)
 *   ?<name=x     push: name less than x         ?>name=x    push: name greater than x
 *   ?#ops        operations, left to right:
 *                  |  replace the two top values with their OR     &  ... with their AND
 *                  !  replace the top value with its opposite
 *                  N  (digits, top is 0) followed by another character: push a copy of value N;
 *                     followed by the end of the word: replace all values with value N
 *                  .  after an index does nothing; after anything else pushes a copy of the top
 *
 * An item matches when every value left on the stack is true (an empty stack matches).
 */
import { parseDuration } from '../routeros/values';

export type Item = Readonly<Record<string, string>>;

type Op = (item: Item, stack: boolean[]) => void;

export class QueryError extends Error {}

/** Compiles query words once; the result tests items. No words → everything matches. */
export function compileQuery(words: readonly string[]): (item: Item) => boolean {
  const ops = words.map(compileWord);
  if (ops.length === 0) return () => true;
  return (item) => {
    const stack: boolean[] = [];
    for (const op of ops) op(item, stack);
    return stack.every(Boolean);
  };
}

function compileWord(word: string): Op {
  if (!word.startsWith('?')) throw new QueryError(`not a query word: ${word}`);
  const body = word.slice(1);
  if (body.startsWith('#')) return compileOps(body.slice(1));
  const cmp = body[0];
  if (cmp === '<' || cmp === '>') {
    const [name, value] = split(body.slice(1));
    if (value === undefined) throw new QueryError(`comparison without a value: ${word}`);
    const sign = cmp === '<' ? -1 : 1;
    return (item, stack) => {
      const have = item[name];
      stack.push(have !== undefined && compare(have, value) === sign);
    };
  }
  if (cmp === '-') {
    const name = body.slice(1);
    return (item, stack) => stack.push(item[name] === undefined);
  }
  const [name, value] = split(body.startsWith('=') ? body.slice(1) : body);
  if (value === undefined) return (item, stack) => stack.push(item[name] !== undefined);
  return (item, stack) => stack.push(item[name] === value);
}

function split(text: string): [string, string | undefined] {
  const i = text.indexOf('=');
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function compileOps(ops: string): Op {
  const bad = /[^0-9|&!.]/.exec(ops);
  if (bad) throw new QueryError(`unknown query operation: ${bad[0]}`);
  return (_item, stack) => {
    let i = 0;
    let prevWasIndex = false;
    while (i < ops.length) {
      const c = ops[i]!;
      if (c >= '0' && c <= '9') {
        let j = i;
        while (j < ops.length && ops[j]! >= '0' && ops[j]! <= '9') j++;
        const n = Number(ops.slice(i, j));
        const v = stack[stack.length - 1 - n] ?? false;
        if (j === ops.length) stack.splice(0, stack.length, v);
        else stack.push(v);
        i = j;
        prevWasIndex = true;
        continue;
      }
      if (c === '|' || c === '&') {
        const b = stack.pop() ?? false;
        const a = stack.pop() ?? false;
        stack.push(c === '|' ? a || b : a && b);
      } else if (c === '!') {
        stack.push(!(stack.pop() ?? false));
      } else if (c === '.') {
        if (!prevWasIndex) stack.push(stack[stack.length - 1] ?? false);
      }
      prevWasIndex = false;
      i++;
    }
  };
}

/**
 * Orders two property values as RouterOS does for typed properties: numbers and durations by
 * value, ids (`*1A`) by number, anything else as text.
 */
export function compare(a: string, b: string): -1 | 0 | 1 {
  const x = typedValue(a);
  const y = typedValue(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

function typedValue(s: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^\*[0-9A-Fa-f]+$/.test(s)) return parseInt(s.slice(1), 16);
  return parseDuration(s);
}

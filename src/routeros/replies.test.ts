import { describe, it, expect } from 'vitest';
import { commandWords } from './command';
import { dispatchReply, parseReply, type ReplyTarget } from './replies';
import { Pending } from './pending';

describe('parseReply', () => {
  it.each([
    [['.tag=5', '!re', '=a=1']],
    [['!re', '.tag=5', '=a=1']],
    [['!re', '=a=1', '.tag=5']],
  ])('finds .tag anywhere: %j', (words) => {
    expect(parseReply(words)).toEqual({ word: '!re', tag: '5', attrs: { a: '1' }, bare: [] });
  });

  it('keeps = inside values, empty values and API attributes', () => {
    expect(parseReply(['!re', '=comment=x=y', '=once=', '=.id=*1A', '=flag', '.section=2'])!.attrs).toEqual({
      comment: 'x=y',
      once: '',
      '.id': '*1A',
      flag: '',
      '.section': '2',
    });
  });

  it('takes the bare reason of !fatal', () => {
    expect(parseReply(['!fatal', 'session terminated on request'])).toMatchObject({ word: '!fatal', bare: ['session terminated on request'] });
  });

  it('returns undefined for a sentence without a reply word', () => {
    expect(parseReply(['=a=1'])).toBeUndefined();
  });
});

describe('dispatchReply', () => {
  function target() {
    const results: unknown[] = [];
    const pending = new Pending('1', '/x', (r) => results.push(r), (e) => results.push(e));
    const fatal: string[] = [];
    const t: ReplyTarget = { pendingFor: (tag) => (tag === '1' ? pending : undefined), fatal: (r) => fatal.push(r) };
    return { t, results, fatal, pending };
  }

  it('never throws on anything a router may send', () => {
    const { t, results } = target();
    for (const words of [[], ['!'], ['!constructor'], ['!__proto__'], ['!re'], ['!done', '.tag=99'], ['!trap', '.tag=1', '=category=x']]) {
      expect(() => dispatchReply(words, t)).not.toThrow();
    }
    dispatchReply(['!done', '.tag=1'], t);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ code: 'TRAP' });
  });

  it('routes !fatal with its reason', () => {
    const { t, fatal } = target();
    dispatchReply(['!fatal', 'out', 'of', 'memory'], t);
    expect(fatal).toEqual(['out of memory']);
  });
});

describe('commandWords', () => {
  it('builds path, attributes, queries and tag in that order', () => {
    expect(commandWords('ip/hotspot/active/remove', { '.id': '*1A', flag: false, n: 0 }, ['?x=1'], '3')).toEqual([
      '/ip/hotspot/active/remove',
      '=.id=*1A',
      '=flag=false',
      '=n=0',
      '?x=1',
      '.tag=3',
    ]);
  });
});

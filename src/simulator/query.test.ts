import { describe, expect, it } from 'vitest';
import { compare, compileQuery, QueryError } from './query';

const items: Array<Record<string, string>> = [
  { '.id': '*1', name: 'ether1', type: 'ether', mtu: '1500', uptime: '1h' },
  { '.id': '*2', name: 'ether2', type: 'ether', mtu: '9000', uptime: '5m', comment: 'LAN' },
  { '.id': '*A', name: 'vlan10', type: 'vlan', mtu: '1500', uptime: '2d' },
  { '.id': '*B', name: 'bridge', type: 'bridge', mtu: '1500', uptime: '45s', comment: '' },
];
const ids = (words: string[]) => items.filter(compileQuery(words)).map((i) => i['.id']);

describe('print query language', () => {
  it('matches everything without query words', () => {
    expect(ids([])).toEqual(['*1', '*2', '*A', '*B']);
  });

  it('?name=x and ?=name=x test equality', () => {
    expect(ids(['?type=ether'])).toEqual(['*1', '*2']);
    expect(ids(['?=type=vlan'])).toEqual(['*A']);
    expect(ids(['?comment='])).toEqual(['*B']);
  });

  it('?name has and ?-name lacks a property', () => {
    expect(ids(['?comment'])).toEqual(['*2', '*B']);
    expect(ids(['?-comment'])).toEqual(['*1', '*A']);
  });

  it('?< and ?> compare numbers, durations and ids by value', () => {
    expect(ids(['?>mtu=1500'])).toEqual(['*2']);
    expect(ids(['?<uptime=10m'])).toEqual(['*2', '*B']);
    expect(ids(['?>uptime=1d'])).toEqual(['*A']);
    expect(ids(['?>.id=*9'])).toEqual(['*A', '*B']);
    expect(compare('9', '10')).toBe(-1);
    expect(compare('b', 'a')).toBe(1);
  });

  it('several words are ANDed', () => {
    expect(ids(['?type=ether', '?mtu=1500'])).toEqual(['*1']);
  });

  it('?#| ORs, ?#& ANDs, ?#! negates the top', () => {
    expect(ids(['?type=ether', '?type=vlan', '?#|'])).toEqual(['*1', '*2', '*A']);
    expect(ids(['?type=ether', '?type=vlan', '?#|!'])).toEqual(['*B']);
    expect(ids(['?type=ether', '?mtu=1500', '?#&!'])).toEqual(['*2', '*A', '*B']);
  });

  it('?# stack indexes (top is 0) push copies, or replace the stack at the end of the word', () => {
    // stack: [ether?, mtu1500?] → `1` pushes a copy of ether? → [ether, mtu, ether] → `|` → [ether, mtu|ether]
    expect(ids(['?type=ether', '?mtu=1500', '?#1|'])).toEqual(['*1', '*2']);
    // `?#1` at the end replaces the stack with the value at index 1 (ether?) only
    expect(ids(['?type=ether', '?mtu=9000', '?#1'])).toEqual(['*1', '*2']);
    // `.` after an operation duplicates the top; after an index it does nothing
    expect(ids(['?type=ether', '?#.!|'])).toEqual(['*1', '*2', '*A', '*B']);
    expect(ids(['?type=vlan', '?type=ether', '?#0'])).toEqual(['*1', '*2']);
    expect(ids(['?type=vlan', '?type=ether', '?#0.'])).toEqual([]);
  });

  it('rejects words that are not queries or unknown operations', () => {
    expect(() => compileQuery(['name=x'])).toThrow(QueryError);
    expect(() => compileQuery(['?#x'])).toThrow(QueryError);
  });
});

'use client';
import { useSyncExternalStore } from 'react';

/** One shared one-second clock for every live relative time on the page. */
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(cb);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** On the server nothing subscribes, so the time is brought up to date here (stable within a second). */
function serverSnapshot(): number {
  if (Date.now() - now >= 1000) now = Date.now();
  return now;
}

/** The current time, re-rendering every second. Text built from it differs between server and browser: mark it `suppressHydrationWarning`. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now, serverSnapshot);
}

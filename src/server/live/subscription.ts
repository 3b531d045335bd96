/**
 * What a live viewer asks for, from the query of `/api/hotspot/events`:
 *
 * | query | topic | gets |
 * |---|---|---|
 * | (none), `?topic=summary` | `summary` | location summaries of every location the account may see (the overview) |
 * | `?location=awka`, `?topic=location&location=awka` | `location` | that location's summary, status changes, session starts and ends (its page) |
 * | `?topic=sessions[&location=a,b]` | `sessions` | session starts and ends of those locations (or all the account may see) |
 *
 * `?since=<id>` (or the `Last-Event-ID` header an EventSource sends by itself on reconnect) resumes
 * after that frame. Viewers that ask the same thing for the same set of locations share one
 * channel, so each frame is built and serialised once for all of them.
 */
export const TOPICS = ['summary', 'location', 'sessions'] as const;
export type Topic = (typeof TOPICS)[number];

export interface Subscription {
  topic: Topic;
  /** Locations asked for by name; null when the query named none (all the account may see). */
  locations: string[] | null;
  /** The `id:` of the last frame the viewer has, when it resumes. */
  since: string | null;
}

export class SubscriptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubscriptionError';
  }
}

export function parseSubscription(params: URLSearchParams, lastEventId: string | null = null): Subscription {
  const raw = params.get('topic');
  const named = (params.get('location') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const locations = named.length ? [...new Set(named)] : null;
  const topic = raw ?? (locations ? 'location' : 'summary');
  if (!(TOPICS as readonly string[]).includes(topic)) throw new SubscriptionError(`Unknown topic "${topic}"; one of ${TOPICS.join(', ')}`);
  if (topic === 'location' && locations?.length !== 1) throw new SubscriptionError('The location topic needs exactly one location, e.g. ?location=awka');
  return { topic: topic as Topic, locations, since: lastEventId || params.get('since') || null };
}

/** The channel a subscription shares with others: its topic and the exact set of locations it may receive. */
export function channelKey(topic: Topic, locations: readonly string[] | null): string {
  return `${topic}:${locations ? [...locations].sort().join(',') : '*'}`;
}

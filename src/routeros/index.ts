/**
 * The RouterOS API client: everything other modules may import from `src/routeros`. The test
 * server (`test-server.ts`) is deliberately not exported.
 */
export { encodeLength, encodeSentence, SentenceDecoder, MAX_WORD_LENGTH, type SentenceDecoderOptions } from './codec';
export {
  RouterOSError,
  ConnectionError,
  LoginError,
  TrapError,
  FatalError,
  ProtocolError,
  TimeoutError,
  AbortedError,
  type RouterOSErrorCode,
  type Trap,
} from './errors';
export { decodeText, encodeText } from './text';
export { parseDuration, formatDuration, parseBoolean, parseNumber, parseRouterDate, isRouterId } from './values';
export type * from './types';
export { RouterOSClient, challengeResponse, type LoginMethod, type RouterOSClientEvents } from './client';
export { parseReply, type Reply } from './replies';
export { commandWords } from './command';
export { DEFAULT_PORT, DEFAULT_TLS_PORT, ROUTER_TLS_CIPHERS } from './socket';

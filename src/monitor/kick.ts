/** What a failed kick tells the operator: classified with every other router failure in routeros/errors. */
export { kickFailure } from '@/routeros/errors';

'use client';
/** Pages outside /hotspot (sign-in, account, admin) fail the same way the dashboard's do. */
export { default } from './hotspot/error';

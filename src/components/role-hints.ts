import { roleCan, type Permission, type Viewer } from '@/lib/roles';

const ACTION: Record<Permission, string> = {
  read: 'see this',
  refresh: 'poll routers on demand',
  kick: 'kick users',
  users: 'manage hotspot users',
  admin: 'manage accounts',
};

/**
 * Why `viewer` may not do `permission`, as a tooltip for a control it cannot use, or `null` when
 * it may. The server refuses anyway; this keeps the page from offering what would fail.
 */
export function deniedReason(viewer: Viewer | undefined, permission: Permission): string | null {
  if (!viewer || roleCan(viewer.role, permission)) return null;
  return `Your role (${viewer.role}) cannot ${ACTION[permission]}; ${permission === 'admin' ? 'an admin' : 'an operator or admin'} can.`;
}

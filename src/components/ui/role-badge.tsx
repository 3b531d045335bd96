import type { Role } from '@/lib/roles';

const LOOK: Record<Role, string> = {
  viewer: 'bg-slate-500/10 text-slate-700 ring-slate-500/30 dark:text-slate-300',
  operator: 'bg-sky-500/10 text-sky-700 ring-sky-500/30 dark:text-sky-300',
  admin: 'bg-violet-500/10 text-violet-700 ring-violet-500/30 dark:text-violet-300',
};

/** A role as a small pill, the same colour everywhere. */
export function RoleBadge({ role, className = '' }: { role: Role; className?: string }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium capitalize ring-1 ring-inset ${LOOK[role]} ${className}`}>{role}</span>;
}

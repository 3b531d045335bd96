'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { UserDialog } from './user-dialog';

/** "New user" and its dialog; the router's answer shows under the header. */
export function NewUserButton({ locations, profiles, deniedReason }: { locations: Array<{ id: string; name: string }>; profiles: Record<string, string[]>; deniedReason: string | null }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <Button tone="primary" disabled={deniedReason !== null || locations.length === 0} title={deniedReason ?? undefined} onClick={() => setOpen(true)} data-testid="user-new">
        New user
      </Button>
      {done && (
        <Notice tone="ok" className="fixed inset-x-3 bottom-3 z-10 sm:inset-x-auto sm:right-4" testId="user-created">
          {done}
        </Notice>
      )}
      <UserDialog
        open={open}
        locations={locations}
        profiles={profiles}
        onClose={() => setOpen(false)}
        onDone={(text) => {
          setOpen(false);
          setDone(text);
          router.refresh();
        }}
      />
    </>
  );
}

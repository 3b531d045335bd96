import type { Metadata } from 'next';
import { AdminTabs } from '@/components/admin/admin-tabs';
import { RouterTestForm } from '@/components/admin/router-test-form';
import { RoutersImport } from '@/components/admin/routers-import';
import { RoutersManager } from '@/components/admin/routers-manager';
import { SettingsInForce } from '@/components/admin/settings-in-force';
import { PageHeader } from '@/components/ui/page-header';
import { Panel } from '@/components/ui/panel';
import { isUp } from '@/lib/fleet';
import { requirePage } from '@/server/auth/page';
import { getRuntime } from '@/server/runtime';
import { routerViews, settingsView } from '@/server/settings';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Routers' };

/**
 * Admins: the routers this dashboard polls (from the environment, read-only, and added here),
 * adding, editing, pausing and removing them live, importing many, a map, a login test for any
 * router, and the settings in force.
 */
export default async function RoutersPage() {
  await requirePage('/admin/routers', 'admin');
  const runtime = await getRuntime();
  const routers = await routerViews(runtime);
  const live = runtime.monitor.list();
  const up = live.filter((l) => isUp(l.status)).length;
  return (
    <>
      <PageHeader
        title="Routers"
        subtitle={`${routers.length ? `${routers.length} configured, ${up} answering` : 'None configured'} · add, change and remove the MikroTik routers this dashboard polls`}
      />
      <AdminTabs current="routers" />
      <div className="min-w-0 space-y-4">
        <RoutersManager routers={routers} initial={live} />
        <div className="grid min-w-0 gap-4 xl:grid-cols-2 xl:items-start">
          <Panel title="Import routers" id="import-routers">
            <RoutersImport />
          </Panel>
          <Panel title="Test another router" id="test-router">
            <RouterTestForm />
          </Panel>
        </div>
        <Panel title="Settings in force" id="settings">
          <SettingsInForce settings={settingsView(runtime)} />
        </Panel>
      </div>
    </>
  );
}

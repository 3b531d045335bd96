import { EmptyState } from './empty-state';

/** The fleet is empty: how to add the first router. */
export function NoLocations() {
  return (
    <EmptyState title="No routers configured yet" icon="⌁">
      <p>Add a location by setting three environment variables per router, then restart the app:</p>
      <pre className="mt-3 overflow-x-auto rounded-lg bg-raised p-3 text-left font-mono text-xs text-ink">
        {`MIKROTIK_AWKA_HOST=192.168.1.1
MIKROTIK_AWKA_USER=api-user
MIKROTIK_AWKA_PASSWORD=••••••••`}
      </pre>
      <p className="mt-3">
        Optional: <code>_PORT</code>, <code>_TLS=true</code> (port 8729), <code>_NAME</code>. On the router, enable the API with{' '}
        <code>/ip service enable api</code>. To try the dashboard without routers, run <code>npm run demo</code>.
      </p>
    </EmptyState>
  );
}

/** Routers are configured, but this account is not given any of them. */
export function NoLocationsForAccount() {
  return (
    <EmptyState title="No locations for your account" icon="⌁">
      Your account is not given any location yet. Ask an admin to add the locations you look after.
    </EmptyState>
  );
}

export default function HomePage() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem', maxWidth: 640 }}>
      <h1>PHSWEB Hotspot</h1>
      <p>Live monitoring for MikroTik hotspot locations. The fleet dashboard is on its way.</p>
    </main>
  );
}

import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app-header';
import { ThemeScript } from '@/components/theme-script';
import type { Viewer } from '@/lib/roles';
import { pagePrincipal } from '@/server/auth/page';
import { viewerOf } from '@/server/auth/principal';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'PHSWEB Hotspot', template: '%s · PHSWEB Hotspot' },
  description: 'Live monitoring and management of MikroTik hotspot locations',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0b1120' },
  ],
};

/**
 * Who is signed in, for the header. A server that cannot start (bad configuration) still renders
 * its error page, just without a user. `cookies()` comes first and outside the `try`: it is what
 * tells Next.js this layout is per request, never prerendered.
 */
async function signedInViewer(): Promise<Viewer | null> {
  await cookies();
  try {
    const principal = await pagePrincipal();
    return principal ? viewerOf(principal) : null;
  } catch {
    return null;
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await signedInViewer();
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body className="min-h-screen antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-surface focus:px-3 focus:py-2">
          Skip to content
        </a>
        <AppHeader viewer={viewer} />
        <main id="main" className="mx-auto max-w-[1920px] px-3 py-5 sm:px-6 sm:py-8">
          {children}
        </main>
      </body>
    </html>
  );
}

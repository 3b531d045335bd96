/**
 * A loopback HTTP control server for humans and demos (127.0.0.1 only):
 *
 *   GET    /routers                          ground truth of every router (active sessions included)
 *   GET    /routers/:id                      one router, with users, interfaces, hosts, log tail
 *   POST   /routers/:id/fault   {kind,...}   switch a fault on      DELETE /routers/:id/fault  clear it
 *   POST   /routers/:id/connect [{user}]     a user logs in (no checks)
 *   POST   /routers/:id/login {user,password?,mac?}  a user logs in through the hotspot's checks;
 *                                            409 with the router's words when refused
 *   POST   /routers/:id/disconnect/:session  kick a session (`*1A`, URL-encoded or not)
 *   POST   /routers/:id/reboot  [{downMs}]   reboot (the port refuses for downMs, default 0)
 *   POST   /routers/:id/advance {ms}         move model time forward
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { routerTruth } from './control';
import { FaultInputError, parseFault } from './faults';
import { LoginRefused } from './model';
import type { SimFleet } from './fleet';

export interface ControlServerOptions {
  /** Default 0 (any free port). */
  port?: number;
}

export interface ControlServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new HttpError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'body must be a JSON object');
  }
}

async function route(fleet: SimFleet, req: IncomingMessage): Promise<unknown> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  if (parts[0] !== 'routers') throw new HttpError(404, 'not found');
  if (parts.length === 1 && method === 'GET') return fleet.routers.map((r) => routerTruth(r));
  const router = fleet.routers.find((r) => r.id === parts[1]);
  if (!router) throw new HttpError(404, `no such router: ${parts[1]}`);
  const action = parts[2];
  if (action === undefined && method === 'GET') return routerTruth(router, true);
  if (action === 'fault' && method === 'POST') {
    await router.setFault(parseFault(await readJson(req)));
    return { id: router.id, fault: router.fault };
  }
  if (action === 'fault' && method === 'DELETE') {
    await router.setFault(null);
    return { id: router.id, fault: null };
  }
  if (method !== 'POST') throw new HttpError(405, 'method not allowed');
  switch (action) {
    case 'connect': {
      const body = await readJson(req);
      try {
        return router.model.connect(typeof body.user === 'string' ? body.user : undefined);
      } catch (err) {
        throw new HttpError(409, (err as Error).message);
      }
    }
    case 'login': {
      const body = await readJson(req);
      const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
      const user = text('user');
      if (!user) throw new HttpError(400, 'user must be a string');
      try {
        return router.model.login({ user, password: text('password'), mac: text('mac') });
      } catch (err) {
        throw err instanceof LoginRefused ? new HttpError(409, err.message) : err;
      }
    }
    case 'disconnect': {
      const id = parts[3] ?? '';
      if (!router.model.disconnect(id, 'kicked')) throw new HttpError(404, `no such session: ${id}`);
      return { id: router.id, disconnected: id };
    }
    case 'reboot': {
      const downMs = Number((await readJson(req)).downMs ?? 0);
      if (!Number.isFinite(downMs) || downMs < 0) throw new HttpError(400, 'downMs must be a non-negative number');
      // Answer at once; the router comes back by itself.
      const back = router.reboot(downMs);
      if (downMs === 0) await back;
      else back.catch(() => {});
      return { id: router.id, rebooted: true, downMs };
    }
    case 'advance': {
      const ms = Number((await readJson(req)).ms);
      if (!Number.isFinite(ms) || ms < 0) throw new HttpError(400, 'ms must be a non-negative number');
      router.advance(ms);
      return { id: router.id, advancedMs: ms };
    }
    default:
      throw new HttpError(404, 'not found');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body, null, 2) + '\n');
}

/** Starts the control server on 127.0.0.1. */
export async function startControlServer(fleet: SimFleet, o: ControlServerOptions = {}): Promise<ControlServer> {
  const server = createServer((req, res) => {
    route(fleet, req).then(
      (body) => send(res, 200, body),
      (err: unknown) => {
        const status = err instanceof HttpError ? err.status : err instanceof FaultInputError ? 400 : 500;
        send(res, status, { error: (err as Error).message });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: o.port ?? 0, host: '127.0.0.1' }, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

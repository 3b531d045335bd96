/** `/interface`: print, and `monitor-traffic` (once, or a stream with `.section` every second). */
import { interfaceRow, trafficRow } from '../format';
import { CommandTrap, type Menu } from './types';

/** How often a streaming monitor-traffic reports, as RouterOS does. */
export const MONITOR_INTERVAL_MS = 1000;

export const interfaces: Menu = {
  items: ({ model }) => model.interfaces().map(interfaceRow),
  commands: {
    'monitor-traffic': {
      run({ model }, args, r) {
        const wanted = (args.get('interface') ?? '').split(',').filter(Boolean);
        if (wanted.length === 0) throw new CommandTrap('missing value for argument interface', 1);
        const rows = () => {
          const all = model.interfaces();
          return wanted.map((name) => {
            const i = all.find((x) => x.name === name || x.id === name);
            if (!i) throw new CommandTrap('input does not match any value of interface', 1);
            return trafficRow(i);
          });
        };
        if (args.has('once')) {
          for (const row of rows()) r.re(row);
          r.done();
          return;
        }
        let section = 0;
        const send = () => {
          for (const row of rows()) r.re({ ...row, '.section': String(section) });
          section++;
        };
        send();
        const timer = setInterval(send, MONITOR_INTERVAL_MS);
        return () => clearInterval(timer);
      },
    },
  },
};

/** `/ip/hotspot/active`: print, remove (kick), listen. */
import { activeRow } from '../format';
import { noSuchItem, shiftUptime, targetIds, type Menu, type MenuContext } from './types';

/** Session uptime as the router reports it: moved by a clock jump, if any. */
const jumpMs = (ctx: MenuContext) => ctx.clockJump?.().sessionsMs ?? 0;

export const hotspotActive: Menu = {
  items: (ctx) => ctx.model.active().map((s) => activeRow(shiftUptime(s, jumpMs(ctx)))),

  listen(ctx, emit) {
    const { model } = ctx;
    const onChange = (c: Parameters<Parameters<typeof model.on>[1]>[0]) => {
      if (c.menu !== 'active') return;
      emit(c.kind === 'remove' ? { '.id': c.id, '.dead': 'yes' } : activeRow(shiftUptime(c.item, jumpMs(ctx))));
    };
    model.on('change', onChange);
    return () => model.off('change', onChange);
  },

  commands: {
    remove: {
      write: true,
      run({ model }, args, r) {
        const ids = targetIds(args);
        const live = new Set(model.active().map((s) => s.id));
        if (ids.some((id) => !live.has(id))) throw noSuchItem();
        for (const id of ids) model.disconnect(id, 'kicked');
        r.done();
      },
    },
  },
};

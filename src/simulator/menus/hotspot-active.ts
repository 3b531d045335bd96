/** `/ip/hotspot/active`: print, remove (kick), listen. */
import { activeRow } from '../format';
import { noSuchItem, targetIds, type Menu } from './types';

export const hotspotActive: Menu = {
  items: ({ model }) => model.active().map(activeRow),

  listen({ model }, emit) {
    const onChange = (c: Parameters<Parameters<typeof model.on>[1]>[0]) => {
      if (c.menu !== 'active') return;
      emit(c.kind === 'remove' ? { '.id': c.id, '.dead': 'yes' } : activeRow(c.item));
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

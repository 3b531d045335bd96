/** `/ip/hotspot/host` and `/log`: read-only prints. */
import { hostRow, logRow } from '../format';
import type { Menu } from './types';

export const hotspotHost: Menu = {
  items: ({ model }) => model.hostList().map(hostRow),
};

export const log: Menu = {
  items: ({ model, traits }) => {
    const now = model.now();
    return model.log().map((e) => logRow(e, now, traits));
  },
};

/** `/ip/hotspot/user/profile`: print. Profiles are configured on the router; the platform only reads them. */
import { profileRow } from '../format';
import type { Menu } from './types';

export const hotspotUserProfile: Menu = {
  items: ({ model }) => model.profiles().map(profileRow),
};

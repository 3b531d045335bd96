/** `/system/identity` and `/system/resource`. */
import { resourceRow } from '../format';
import { CommandTrap, shiftUptime, type Menu } from './types';

export const systemIdentity: Menu = {
  items: ({ identity }) => [{ name: identity.name }],
  commands: {
    set: {
      write: true,
      run({ identity }, args, r) {
        const name = args.get('name');
        if (name === undefined || name === '') throw new CommandTrap('invalid value for argument name', 1);
        identity.name = name;
        r.done();
      },
    },
  },
};

export const systemResource: Menu = {
  items: ({ model, clockJump }) => [resourceRow(shiftUptime(model.resources(), clockJump?.().routerMs ?? 0))],
};

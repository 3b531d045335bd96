'use client';
import { useSyncExternalStore, type ComponentProps } from 'react';

const noSubscription = () => () => {};

/**
 * True once React has hydrated this part of the page; false in the server's HTML and during
 * hydration itself (the server snapshot), so both renders agree.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

export interface ClientFormProps extends Omit<ComponentProps<'form'>, 'method'> {
  /**
   * Keep the controls usable before the JavaScript has taken over. Only for a form whose `action`
   * really handles a native POST (the sign-in form); every other form is inert until hydrated.
   * Default false.
   */
  worksWithoutScript?: boolean;
  /** Classes of the `<form>` element itself; `className` styles the box that holds the controls. */
  formClassName?: string;
}

/**
 * A form whose submit handler runs in the browser. Two guarantees hold whatever state the
 * JavaScript is in (still loading, slow, blocked, failed):
 *
 * - It is a POST. A form without `method` submits natively as a GET, which puts every field,
 *   passwords included, into the address bar, the history and the server's request line.
 * - Until hydration its controls sit in a disabled `<fieldset>`, so neither a click on its button
 *   nor Enter in a field can submit it natively to an address that does not expect it.
 */
export function ClientForm({ worksWithoutScript = false, formClassName, className = '', children, ...props }: ClientFormProps) {
  const hydrated = useHydrated();
  const inert = !hydrated && !worksWithoutScript;
  return (
    <form {...props} method="post" className={formClassName} data-hydrated={hydrated ? 'true' : 'false'}>
      <fieldset disabled={inert} className={`m-0 min-w-0 border-0 p-0 ${className}`}>
        {children}
      </fieldset>
    </form>
  );
}

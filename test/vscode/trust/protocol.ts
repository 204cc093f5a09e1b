/**
 * What the trust suite (in the extension host) and its launcher (runTrust.ts, outside) agree on. Kept apart from
 * both so that the suite does not load the launcher's modules (Playwright) into the extension host.
 */

/** Printed by the suite when it wants the folder trusted; the launcher answers by pressing "Trust" in the Workspace Trust editor. */
export const TRUST_REQUEST = '[trust] press Trust';

/** The environment variable naming the file where the launcher's fake servers record each request they get. */
export const CONTACTS_ENV = 'TI_TRUST_CONTACTS';

/** One line of that file. */
export interface Contact {
  server: 'pushgateway' | 'scrape' | 'file_sd' | 'forward';
  method: string;
  path: string;
  at: number;
}

/**
 * Its own entry (`@keepsake/shared/client-header`) because the dashboard's bundler reads this
 * package's sources and cannot follow the `.js` names of the index's imports; everything else the
 * dashboard takes from here is a type.
 *
 * Sent by the dashboard with every request that rides on the session cookie; a page on another
 * site cannot add it without a CORS preflight, which Keepsake never grants (the API's CSRF guard).
 */
export const clientHeader = 'x-keepsake-client';

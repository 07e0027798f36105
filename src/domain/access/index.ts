/**
 * The organisers' access layer. Protect a new admin API route with the middleware in
 * src/api/admin-auth.ts (`requireAdmin`, `requireEventAccess`); protect an admin page with
 * site/components/admin/guard.ts; ask policy questions with the functions in policy.ts; write the audit row
 * of a change with `auditQuery` in the same atomic batch as the change.
 */
export { type AuditEntry, auditQuery } from './audit.ts';
export * from './inputs.ts';
export { allowedOrigins, isSameOriginRequest } from './origin.ts';
export * from './policy.ts';
export { csrfToken, timingSafeEqual, verifyCsrfToken } from './secrets.ts';
export * from './service.ts';

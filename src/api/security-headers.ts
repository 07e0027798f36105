/**
 * Response headers every page and API answer carries. No inline or foreign scripts may run (the pages
 * need no JavaScript at all); inline style attributes are allowed because email previews use them.
 */
export function securityHeaders(publicUrl: string): Record<string, string> {
  const local = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(publicUrl);
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    ...(local ? {} : { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }),
  };
}

/**
 * Security headers for every HTTP service, from helmet: a Content-Security-Policy, no framing,
 * no MIME sniffing, no referrer, same-origin resource and opener policies.
 *
 * @remarks
 * APIs (the default) get a policy under which nothing may load at all: a JSON answer opened in
 * a browser runs nothing. Services that serve pages (the gateway: the app at `/`, GraphiQL at
 * `/graphiql`) pass `pages: true`: same-origin scripts, styles, images, fonts and requests,
 * plus the hashes of whatever inline script or style a page carries. No
 * `upgrade-insecure-requests`: the services speak plain HTTP on a laptop, and a browser told to
 * upgrade would ask for https://127.0.0.1 and load nothing (TLS ends at a proxy in production,
 * which keeps its own HSTS policy).
 */
import { createHash } from 'node:crypto';
import type express from 'express';
import helmet from 'helmet';

/** Options of {@link securityHeaders}. */
export interface SecurityHeadersOptions {
  /** The responses include HTML pages that load same-origin scripts and styles. */
  pages?: boolean;
  /** Extra `script-src` sources, e.g. {@link cspHash} of an inline script. */
  scriptSrc?: string[];
  /** Extra `style-src` sources, e.g. {@link cspHash} of an inline `<style>`. */
  styleSrc?: string[];
}

/** The CSP source (`'sha256-…'`) that allows exactly this inline script or style. */
export function cspHash(inline: string): string {
  return `'sha256-${createHash('sha256').update(inline, 'utf8').digest('base64')}'`;
}

type Directives = Record<string, string[] | null>;

const API_DIRECTIVES: Directives = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

function pageDirectives(opts: SecurityHeadersOptions): Directives {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...(opts.scriptSrc ?? [])],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", ...(opts.styleSrc ?? [])],
    imgSrc: ["'self'", 'data:'],
    // GraphiQL's stylesheet embeds its fonts as data: URLs.
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/** Express middleware setting the security headers on every response it sees. */
export function securityHeaders(opts: SecurityHeadersOptions = {}): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: opts.pages ? pageDirectives(opts) : API_DIRECTIVES,
    },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    xContentTypeOptions: true,
    strictTransportSecurity: false,
  });
}

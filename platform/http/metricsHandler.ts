/** `GET /metrics` of a service: its prom-client registry in the Prometheus text format. */
import type express from 'express';
import type { Registry } from 'prom-client';

export function metricsHandler(registry: Registry): express.RequestHandler {
  return (_req, res, next) => {
    registry.metrics().then((text) => {
      res.setHeader('content-type', registry.contentType);
      res.send(text);
    }, next);
  };
}

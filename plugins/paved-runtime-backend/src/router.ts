import { HttpAuthService } from '@backstage/backend-plugin-api';
import { PAVED_RUNTIME_ENTITY_ROUTE } from '@paved/plugin-paved-runtime-common';
import express from 'express';
import Router from 'express-promise-router';
import { EntityReader, validEntityRef } from './EntityReader';
import { RuntimeService } from './RuntimeService';

export function createRouter(options: {
  httpAuth: HttpAuthService;
  entities: EntityReader;
  runtime: RuntimeService;
}): express.Router {
  const { httpAuth, entities, runtime } = options;
  const router = Router();
  router.get(PAVED_RUNTIME_ENTITY_ROUTE, async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = validEntityRef(req.params);
    const entity = await entities.read(ref, credentials);
    const answer = await runtime.answer(entity);
    res.type('application/json').vary('Accept-Encoding').set({
      ETag: answer.etag,
      'Cache-Control': 'private, no-cache',
    });
    // Fresh: the caller's If-None-Match names this answer.
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.set('Content-Encoding', 'gzip').send(answer.gzipped);
      return;
    }
    res.send(answer.json);
  });
  return router;
}

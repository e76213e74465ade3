// Serves the charge-box API on NestJS, on Express or Fastify, on 127.0.0.1 only.
import 'reflect-metadata';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { type Adapter, readSettings } from './settings.js';

const HOST = '127.0.0.1';

// Only the adapter asked for is loaded: each brings its whole HTTP framework.
async function httpAdapter(adapter: Adapter) {
  if (adapter === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    return new FastifyAdapter();
  }
  const { ExpressAdapter } = await import('@nestjs/platform-express');
  return new ExpressAdapter();
}

async function bootstrap(): Promise<void> {
  const settings = readSettings(process.env);
  if (settings.exitWithParent) {
    // The parent holds our stdin open while it lives: end of input means it is gone, however it
    // ended, and a server left behind would hold a port and a test run's data.
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();
  }
  const app: INestApplication = await NestFactory.create(
    AppModule.register(settings),
    await httpAdapter(settings.adapter),
  );
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  await app.listen(settings.port, HOST);
  const { port } = app.getHttpServer().address() as AddressInfo;
  console.log(`listening on http://${HOST}:${port}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

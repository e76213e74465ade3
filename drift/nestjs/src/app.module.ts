// The application: the controller, its store, and the two global guards.
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { API_KEY, ApiKeyGuard } from './api-key.guard.js';
import { ChargeboxController } from './chargebox.controller.js';
import { ChargeboxService, readSeed } from './chargebox.service.js';
import type { Settings } from './settings.js';

@Module({})
export class AppModule {
  static register(settings: Settings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ThrottlerModule.forRoot([{ ttl: settings.throttleTtlMs, limit: settings.throttleLimit }]),
      ],
      controllers: [ChargeboxController],
      providers: [
        { provide: API_KEY, useValue: settings.apiKey },
        {
          provide: ChargeboxService,
          useFactory: () => new ChargeboxService(readSeed(settings.seedPath)),
        },
        // Global guards run in the order they are provided: the key first, so that the vendor's
        // per-key rate limits count only requests that carry a key.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
      ],
    };
  }
}

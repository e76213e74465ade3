// The charge-box API of openapi.yaml, as the vendor's NestJS controller would declare it: its
// method names are the operation ids NestJS' Swagger module derives (chargeboxcontroller_..._v2).
import {
  Body,
  Controller,
  Delete,
  Get,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { CreateChargeBoxDto, ListChargeBoxesQuery, ResetChargeBoxDto } from './chargebox.dto.js';
import {
  ChargeboxService,
  type ChargeBox,
  type ChargeBoxModel,
  type ChargeBoxPage,
  type CommandResult,
} from './chargebox.service.js';

function notFound(id: number): NotFoundException {
  return new NotFoundException(`Charge box ${id} not found`);
}

@Controller('v2/chargeboxes')
export class ChargeboxController {
  constructor(private readonly chargeboxes: ChargeboxService) {}

  @Post()
  createChargebox(@Body() dto: CreateChargeBoxDto): ChargeBox {
    return this.chargeboxes.create(dto);
  }

  @Get()
  listChargeboxes(@Query() query: ListChargeBoxesQuery): ChargeBoxPage {
    return this.chargeboxes.page(query.limit, query.nextPageCursor, query.previousPageCursor);
  }

  // Before ':id', or the router hands `models` to ParseIntPipe.
  @Get('models')
  listChargeboxModels(): { data: ChargeBoxModel[] } {
    return this.chargeboxes.listModels();
  }

  @Get(':id')
  getChargebox(@Param('id', ParseIntPipe) id: number): ChargeBox {
    const chargebox = this.chargeboxes.get(id);
    if (chargebox === undefined) {
      throw notFound(id);
    }
    return chargebox;
  }

  // A soft delete that returns nothing: Nest answers 200 with an empty body.
  @Delete(':id')
  deleteChargebox(@Param('id', ParseIntPipe) id: number): void {
    if (this.chargeboxes.delete(id) === undefined) {
      throw notFound(id);
    }
  }

  @Post(':id/reset')
  resetChargebox(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ResetChargeBoxDto,
  ): CommandResult {
    return this.command(id);
  }

  // The vendor's reboot is a soft reset; it takes no body.
  @Post(':id/reboot')
  rebootChargebox(@Param('id', ParseIntPipe) id: number): CommandResult {
    return this.command(id);
  }

  private command(id: number): CommandResult {
    const result = this.chargeboxes.command(id);
    if (result === undefined) {
      throw notFound(id);
    }
    return result;
  }
}

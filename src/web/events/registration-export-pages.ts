import type { FastifyPluginAsync } from 'fastify';
import { EXPORT_TYPES, registrationsCsv, registrationsXlsx, registrationTable } from '../../registrations/registration-export.js';
import { idParam } from '../frame/forms.js';
import { pageRoute } from '../frame/page-route.js';

/** The registration list downloads behind the organizer's event page (signed-in session; headings in the visitor's language). */
export const registrationExportPages: FastifyPluginAsync = async (app) => {
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/my/events/:id/registrations.${format}`, pageRoute('member'), async (request, reply) => {
      const id = idParam(request.params);
      const table = registrationTable(app.deps, request.visitor.principal!, id, request.visitor.language);
      const body = format === 'csv' ? registrationsCsv(table) : await registrationsXlsx(table);
      return reply.type(EXPORT_TYPES[format]).header('content-disposition', `attachment; filename="registrations-${id}.${format}"`).send(body);
    });
  }
};

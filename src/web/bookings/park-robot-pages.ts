import type { FastifyPluginAsync } from 'fastify';
import { getParkRobot, removeParkRobot, setParkRobot } from '../../park-notices/park-robots.js';
import { PARK_ROBOT_KINDS, type ParkRobotKind } from '../../db/schema.js';
import { html, type HtmlPart, type SafeHtml } from '../../http/html.js';
import { refusal, text, type FormBody } from '../frame/forms.js';
import { csrfField, notice, options, postButton, say, sendPage, words } from '../frame/layout.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';

const MANAGER = { roles: ['park_manager'] as const };

/**
 * A park manager's own park's group robot (WeCom, DingTalk or Feishu), told of each new booking
 * request and each withdrawal. Coordinators set any park's through the API.
 */
export const parkRobotPages: FastifyPluginAsync = async (app) => {
  function robotPage(visitor: Visitor, message: HtmlPart = '', values: Record<string, string> = {}): SafeHtml {
    const park = visitor.principal!.organizationId;
    const robot = getParkRobot(app.deps, visitor.principal!, park);
    const current = robot
      ? html`<p>${say(visitor, 'parkRobotSet', { kind: words(visitor, `channelKind_${robot.kind}`) })}</p><p>${postButton(visitor, '/park/robot/remove', words(visitor, 'parkRobotRemove'), {}, 'danger')}</p>`
      : html`<p class="muted">${say(visitor, 'parkRobotNone')}</p>`;
    const kinds = PARK_ROBOT_KINDS.map((kind) => ({ value: kind, label: words(visitor, `channelKind_${kind}`) }));
    return html`${message}<p class="muted">${say(visitor, 'parkRobotAbout')}</p>${current}
<h2>${say(visitor, robot ? 'parkRobotReplace' : 'parkRobotAdd')}</h2><form method="post" action="/park/robot">${csrfField(visitor)}
<label for="kind">${say(visitor, 'channel')}</label><select id="kind" name="kind">${options(kinds, values.kind ?? 'wecom_robot')}</select>
<label for="key">${say(visitor, 'chField_key')}</label><input id="key" name="key" type="url" required autocomplete="off" value="${values.key ?? ''}">
<label for="secret">${say(visitor, 'chField_secret')} <span class="muted">(${say(visitor, 'optional')})</span></label><input id="secret" name="secret" type="password" autocomplete="off">
<p class="muted">${say(visitor, 'secretsStoredSealed')}</p><p><button class="primary">${say(visitor, 'save')}</button></p></form>`;
  }

  app.get('/park/robot', pageRoute(MANAGER), async (request, reply) => {
    const { visitor } = request;
    const saved = (request.query as { saved?: string }).saved ? notice(words(visitor, 'parkRobotSaved')) : '';
    return sendPage(reply, visitor, words(visitor, 'parkRobotTitle'), robotPage(visitor, saved));
  });

  app.post('/park/robot', pageRoute(MANAGER), async (request, reply) => {
    const { visitor } = request;
    const form = request.body as FormBody;
    const values = { kind: text(form, 'kind'), key: text(form, 'key') };
    try {
      const kind = (PARK_ROBOT_KINDS as readonly string[]).includes(values.kind) ? (values.kind as ParkRobotKind) : 'wecom_robot';
      await setParkRobot({ ...app.deps, config: app.config }, visitor.principal!, visitor.principal!.organizationId, { kind, key: values.key, ...(text(form, 'secret') ? { secret: text(form, 'secret') } : {}) });
      return reply.redirect('/park/robot?saved=1', 303);
    } catch (error) {
      const refused = refusal(error, visitor);
      return sendPage(reply, visitor, words(visitor, 'parkRobotTitle'), robotPage(visitor, notice(refused.message, 'error'), values), '/park/robot', refused.status);
    }
  });

  app.post('/park/robot/remove', pageRoute(MANAGER), async (request, reply) => {
    removeParkRobot(app.deps, request.visitor.principal!, request.visitor.principal!.organizationId);
    return reply.redirect('/park/robot', 303);
  });
};

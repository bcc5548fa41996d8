import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { wantsHtml } from './html.js';
import { PATTERN_MESSAGES } from './schemas.js';
import { HttpError, TooManyRequestsError } from '../errors/http-errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route serves pages to people; problems are rendered as HTML for browsers. */
    html?: boolean;
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  field?: string;
  [extension: string]: unknown;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/a/0/b` + missing `c` → `a.0.b.c`: the field a client has to fix. */
function fieldOf(error: AjvError): string | undefined {
  const parts = error.instancePath.split('/').filter(Boolean);
  const child = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof child === 'string') parts.push(child);
  return parts.length > 0 ? parts.join('.') : undefined;
}

function describe(error: AjvError): string {
  if (error.keyword === 'additionalProperties') return 'is not a known property';
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'pattern' && typeof error.params.pattern === 'string' && PATTERN_MESSAGES[error.params.pattern]) return PATTERN_MESSAGES[error.params.pattern]!;
  return error.message ?? `fails ${error.keyword}`;
}

function validationProblem(error: FastifyError): Problem {
  const issues = (error.validation as AjvError[]).map((issue) => ({ field: fieldOf(issue), message: describe(issue) }));
  const first = issues[0];
  const where = error.validationContext ?? 'request';
  const detail = first?.field ? `${where}: ${first.field} ${first.message}.` : `${where}: ${first?.message ?? 'invalid'}.`;
  return {
    type: '/problems/validation-error',
    title: 'Your request is not valid',
    status: 400,
    detail,
    field: first?.field,
    in: where,
    errors: issues,
  };
}

function toProblem(error: FastifyError | HttpError): Problem {
  if (error instanceof HttpError) {
    // Extensions first: they may add members, never replace the standard ones.
    return { ...error.extensions, type: `/problems/${error.slug}`, title: error.title, status: error.status, detail: error.message };
  }
  if (error.validation) return validationProblem(error);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (bad JSON, wrong media type, body too large …).
    return { type: `/problems/${(error.code ?? 'bad-request').toLowerCase()}`, title: 'Your request is not valid', status, detail: error.message };
  }
  return { type: '/problems/internal-error', title: 'Internal error', status: 500, detail: 'Something went wrong on our side; it has been logged.' };
}

export function sendProblem(reply: FastifyReply, problem: Problem, words?: HttpError['words']): FastifyReply {
  const body: Problem = { ...problem, instance: reply.request.url, requestId: String(reply.request.id) };
  // Pages, and pages of the API reached from links in mail, show the same problem to a person.
  const config = reply.request.routeOptions?.config;
  // (A signed-link page answers an API client following the link with problem+json, as its /v1 twin does.)
  if (((config?.page && !config.signedLink) || (config?.html && wantsHtml(reply.request.headers.accept))) && reply.server.hasDecorator('problemPage')) {
    return reply.server.problemPage(reply, body, words);
  }
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** For Fastify's `frameworkErrors`: router-level refusals (bad URL, over-long parameter) as problems too. */
export function frameworkProblem(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(reply, { type: `/problems/${error.code.toLowerCase()}`, title: 'Your request is not valid', status: error.statusCode ?? 400, detail: error.message });
}

/**
 * Answers a request with the problem an error stands for, and logs it. The error handler uses
 * it, and so do hooks that must answer before a plugin's own error handler could interfere.
 */
export function replyWithError(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error);
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ problem: problem.type, detail: problem.detail }, 'request refused');
  if (error instanceof HttpError && error.status === 401) reply.header('www-authenticate', 'Bearer');
  if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
  return sendProblem(reply, problem, error instanceof HttpError ? error.words : undefined);
}

/** The one place errors become responses: RFC 9457 problem+json, never a stack trace. */
export const problemHandler = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(replyWithError);

    app.setNotFoundHandler((request, reply) => {
      const problem = { type: '/problems/not-found', title: 'Not found', status: 404, detail: `There is no route ${request.method} ${request.url.split('?')[0]}.` };
      // A browser opening an unknown address of the site gets the site's 404 page; API clients keep problem+json.
      if (wantsHtml(request.headers.accept) && reply.server.hasDecorator('isPageUrl') && reply.server.isPageUrl(request.url)) {
        return reply.server.problemPage(reply, { ...problem, instance: request.url, requestId: String(request.id) });
      }
      return sendProblem(reply, problem);
    });
  },
  { name: 'problem-handler' },
);

import type { FastifyPluginAsync } from 'fastify';
import { html, markupOf, type SafeHtml } from '../../http/html.js';
import { organizationNames } from '../../organizations/organizations-service.js';
import { annualCsv, annualReview } from '../../reports/annual-review.js';
import { nowMs } from '../../time/clock.js';
import { STYLESHEET_TEXT } from '../frame/assets.js';
import { parseForm } from '../frame/forms.js';
import { AnnualQuery } from '../../reports/annual-review-routes.js';
import { options, say, sendPage, words } from '../frame/layout.js';
import { PdfPrinter } from './pdf-printer.js';
import { allianceDocument, organizationDocument } from './review-document.js';
import { pageRoute } from '../frame/page-route.js';
import type { Visitor } from '../frame/visitor.js';
import { sendCsv } from '../../http/csv.js';
import { allianceYear } from '../../config/default-zone.js';

type Query = Record<string, string | undefined>;

/**
 * The annual review as a document: `/review?year=` (the alliance, coordinators) or
 * `&organization=` (one member; a member sees their own), printable as it is, as a PDF printed
 * from the same markup (`&format=pdf`, headless Chromium), and as CSV of every figure (`/review.csv`).
 */
export const reviewPages: FastifyPluginAsync = async (app) => {
  const printer = new PdfPrinter(app.config.chromiumPath);
  app.addHook('onClose', async () => printer.close());

  /** The review asked for: last year by default; a member's own organization unless a coordinator asks for the alliance. */
  function reviewFor(visitor: Visitor, q: Query) {
    const lastYear = allianceYear(nowMs()) - 1;
    const principal = visitor.principal!;
    const organization = q.organization ?? (principal.role === 'coordinator' ? undefined : String(principal.organizationId));
    const query = parseForm(AnnualQuery, { year: q.year ?? String(lastYear), organization });
    return annualReview(app.deps, principal, query);
  }

  function documentOf(visitor: Visitor, review: ReturnType<typeof reviewFor>): { title: string; body: SafeHtml } {
    const org = review.organization ? review.organizations[0]! : undefined;
    const title = org ? words(visitor, 'reviewTitleOf', { year: review.year, name: org.name }) : words(visitor, 'reviewTitle', { year: review.year });
    return { title, body: org ? organizationDocument(visitor, review, org) : allianceDocument(visitor, review) };
  }

  app.get('/review', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const q = request.query as Query;
    const review = reviewFor(visitor, q);
    const { title, body } = documentOf(visitor, review);
    if (q.format === 'pdf') {
      const printable = html`<!doctype html>
<html lang="${visitor.language}"><head><meta charset="utf-8"><title>${title}</title><style>${STYLESHEET_TEXT}</style></head><body class="printed"><main><h1>${title}</h1>${body}</main></body></html>`;
      const pdf = await printer.print(markupOf(printable));
      const name = `annual-review-${review.year}${review.organization ? `-${review.organization}` : ''}.pdf`;
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(pdf);
    }
    const here = new URLSearchParams({ year: String(review.year), ...(review.organization ? { organization: String(review.organization) } : {}) });
    const coordinator = visitor.principal!.role === 'coordinator';
    const chooser = html`<form method="get" action="/review" class="row no-print"><div><label for="year">${say(visitor, 'reviewYear')}</label><input id="year" name="year" type="number" min="2000" max="2100" value="${review.year}"></div>${
      coordinator
        ? html`<div><label for="organization">${say(visitor, 'organization')}</label><select id="organization" name="organization"><option value="">${say(visitor, 'reviewAlliance')}</option>${options(
            organizationNames(app.deps).map((o) => ({ value: o.id, label: o.name })),
            review.organization,
          )}</select></div>`
        : ''
    }<div><button>${say(visitor, 'reviewShow')}</button></div></form>
<p class="actions no-print">${printer.available ? html`<a href="/review?${here.toString()}&format=pdf" download>${say(visitor, 'reviewDownloadPdf')}</a>` : html`<span class="muted">${say(visitor, 'reviewNoPdf')}</span>`} <a href="/review.csv?${here.toString()}" download>${say(visitor, 'reviewDownloadCsv')}</a></p>`;
    return sendPage(reply, visitor, title, html`${chooser}${body}`);
  });

  app.get('/review.csv', pageRoute('member'), async (request, reply) => {
    const { visitor } = request;
    const review = reviewFor(visitor, request.query as Query);
    const name = `annual-review-${review.year}${review.organization ? `-${review.organization}` : ''}.csv`;
    return sendCsv(reply, name, annualCsv(review, visitor.language));
  });
};

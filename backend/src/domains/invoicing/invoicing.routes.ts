import { type Request, type Response, Router } from 'express';
import {
  type Action,
  cursorAfter,
  documentEmailRequest,
  type InvoiceListPage,
  invoiceCreateRequest,
  invoiceFromSaleRequest,
  invoiceIssueRequest,
  invoiceListQuery,
  invoicePaymentRequest,
  invoiceUpdateRequest,
  invoiceVoidRequest,
  type QuoteListPage,
  type QuoteView,
  quoteConvertRequest,
  quoteCreateRequest,
  quoteListQuery,
  quoteUpdateRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError, notFound } from '../../core/errors.js';
import { authorizeRead, commandContext } from '../../core/http.js';
import {
  type DocumentContext,
  invoiceDocumentHtml,
  invoiceMail,
  quoteDocumentHtml,
  quoteMail,
} from '../../core/mail/invoice.js';
import type { RenderedMail } from '../../core/mail/templates.js';
import { mailLanguage } from '../../core/mail/templates.js';
import { invoicePdf, quotePdf } from '../../core/pdf/document-pdf.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { findCustomer } from '../customers/customers.queries.js';
import { businessToday } from './invoice-engine.js';
import {
  createInvoice,
  giveBackInvoice,
  invoiceFromSale,
  issueInvoiceCommand,
  payInvoice,
  updateInvoice,
  voidInvoiceCommand,
} from './invoicing.commands.js';
import {
  type BusinessRow,
  businessOf,
  countInvoices,
  countQuotes,
  findInvoice,
  findQuote,
  listInvoices,
  listQuotes,
} from './invoicing.queries.js';
import { invoiceView, quoteView, toInvoiceSummary, toQuoteSummary } from './invoicing.views.js';
import { convertQuote, createQuote, sendQuote, updateQuoteCommand } from './quotes.commands.js';
import { refundIdsOfSale } from './sale-source.js';

const documentContext = (b: BusinessRow): DocumentContext => ({
  language: mailLanguage(b.locale),
  locale: b.locale,
  currency: b.currency,
  businessName: b.name,
  timeZone: b.time_zone,
});

/** A document number as a file name: the number's own characters, anything else as `_`. */
const documentFileName = (name: string) => `${name.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf`;

/**
 * Sends a document by email: the A4 document as the HTML body and its PDF attached
 * (`F-XXXX-000001.pdf`, core/pdf/document-pdf.ts). A transport failure answers 502 `mail-failed`.
 */
async function sendDocumentMail(
  deps: AppDeps,
  to: string,
  mail: RenderedMail,
  attachment: { name: string; pdf: Buffer },
  failureMessage: string,
): Promise<void> {
  try {
    await deps.mailer.sendMail({
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: [
        {
          filename: documentFileName(attachment.name),
          content: attachment.pdf,
          contentType: 'application/pdf',
        },
      ],
    });
  } catch (err) {
    deps.logger.error({ err, subject: mail.subject }, 'email could not be sent');
    throw new DomainError('mail-failed', 502, failureMessage);
  }
}

/** A PDF to download, named after the document. */
function sendPdf(res: Response, name: string, pdf: Buffer): void {
  res
    .status(200)
    .type('application/pdf')
    .attachment(documentFileName(name))
    .set('Cache-Control', 'no-store')
    .send(pdf);
}

export function invoicingRoutes(deps: AppDeps): Router {
  const router = Router();
  /** 403 and 404 before the body is validated, so another business's id never answers 400. */
  const ownInvoice = async (req: Request, action: Action = 'invoices.manage') => {
    const auth = authorizeRead(req, action);
    const row = await findInvoice(deps.db, auth.tenantId, String(req.params.id));
    if (!row) throw notFound('Invoice');
    return { auth, row };
  };
  const ownQuote = async (req: Request, action: Action) => {
    const auth = authorizeRead(req, action);
    const row = await findQuote(deps.db, auth.tenantId, String(req.params.id));
    if (!row) throw notFound('Quote');
    return { auth, row };
  };
  const today = (b: BusinessRow) => businessToday(deps.clock.now().toISOString(), b.time_zone);
  /** A quote names the business and its customer as they are now: it keeps no snapshot. */
  const quoteParties = async (tenantId: string, business: BusinessRow, quote: QuoteView) => {
    const customer = await findCustomer(deps.db, tenantId, quote.customerId);
    return {
      seller: {
        name: business.legal_name ?? business.name,
        taxId: business.tax_id,
        address: business.address,
      },
      buyer: {
        name: quote.customerName,
        taxId: customer?.tax_id ?? null,
        address: customer?.address ?? null,
      },
    };
  };

  // ——— invoices ———

  router.get('/api/invoices', async (req, res) => {
    const auth = authorizeRead(req, 'invoices.manage');
    const filter = parseOrThrow(invoiceListQuery, req.query);
    // One more than the page: whether a following page exists, without a cursor to an empty one.
    const rows = await listInvoices(deps.db, auth.tenantId, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    const body: InvoiceListPage = {
      invoices: page.map(toInvoiceSummary),
      next: rows.length > filter.limit && last ? cursorAfter(last.created_at, last.id) : null,
      total: await countInvoices(deps.db, auth.tenantId, filter),
    };
    res.json(body);
  });

  router.post('/api/invoices', async (req, res) => {
    const body = parseOrThrow(invoiceCreateRequest, req.body);
    const view = await execute(deps, commandContext(deps, req), createInvoice, {
      ...body,
      id: body.id ?? deps.newId(),
    });
    res.status(201).json(view);
  });

  router.post('/api/invoices/from-sale/:saleId', async (req, res) => {
    const body = parseOrThrow(invoiceFromSaleRequest, req.body ?? {});
    const ctx = commandContext(deps, req);
    const view = await execute(deps, ctx, invoiceFromSale, {
      ...body,
      id: body.id ?? deps.newId(),
      saleId: req.params.saleId,
      // What this install sees of the sale: the hub's replay bills the same (invoiceFromSale).
      refundIds: await refundIdsOfSale(deps.db, ctx.tenantId, req.params.saleId),
    });
    res.status(201).json(view);
  });

  router.get('/api/invoices/:id', async (req, res) => {
    const { auth, row } = await ownInvoice(req);
    res.json(await invoiceView(deps.db, auth.tenantId, row.id));
  });

  router.patch('/api/invoices/:id', async (req, res) => {
    await ownInvoice(req);
    const body = parseOrThrow(invoiceUpdateRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), updateInvoice, { ...body, invoiceId: req.params.id }),
    );
  });

  router.post('/api/invoices/:id/issue', async (req, res) => {
    await ownInvoice(req);
    const body = parseOrThrow(invoiceIssueRequest, req.body ?? {});
    res.json(
      await execute(deps, commandContext(deps, req), issueInvoiceCommand, {
        ...body,
        invoiceId: req.params.id,
      }),
    );
  });

  router.post('/api/invoices/:id/payments', async (req, res) => {
    await ownInvoice(req);
    const body = parseOrThrow(invoicePaymentRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), payInvoice, {
        ...body,
        id: body.id ?? deps.newId(),
        invoiceId: req.params.id,
      }),
    );
  });

  /** Money given back to the customer of what the invoice owes back (`refundDue`). */
  router.post('/api/invoices/:id/give-back', async (req, res) => {
    await ownInvoice(req);
    const body = parseOrThrow(invoicePaymentRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), giveBackInvoice, {
        ...body,
        id: body.id ?? deps.newId(),
        invoiceId: req.params.id,
      }),
    );
  });

  router.post('/api/invoices/:id/void', async (req, res) => {
    await ownInvoice(req);
    const body = parseOrThrow(invoiceVoidRequest, req.body ?? {});
    res.json(
      await execute(deps, commandContext(deps, req), voidInvoiceCommand, {
        ...body,
        creditNoteId: body.creditNoteId ?? deps.newId(),
        invoiceId: req.params.id,
      }),
    );
  });

  /** The A4 page with the legal fields, to print (its PDF file: `/pdf` below). */
  router.get('/api/invoices/:id/print', async (req, res) => {
    const { auth, row } = await ownInvoice(req);
    const view = await invoiceView(deps.db, auth.tenantId, row.id);
    const business = await businessOf(deps.db, auth.tenantId);
    res.type('html').send(invoiceDocumentHtml(documentContext(business), view, view.correctsNumber));
  });

  /**
   * The same document as a PDF file to download (`F-XXXX-000001.pdf`), the one the email attaches.
   * As the print page, a draft comes stamped as one, and a discarded draft as void, under its id.
   */
  router.get('/api/invoices/:id/pdf', async (req, res) => {
    const { auth, row } = await ownInvoice(req);
    const view = await invoiceView(deps.db, auth.tenantId, row.id);
    const business = await businessOf(deps.db, auth.tenantId);
    sendPdf(
      res,
      view.number ?? view.id,
      await invoicePdf(documentContext(business), view, view.correctsNumber),
    );
  });

  /**
   * Emails an issued invoice (the same A4 page as the HTML part, its PDF attached) to the
   * customer's current email, or to `to`.
   */
  router.post('/api/invoices/:id/email', async (req, res) => {
    const { auth, row } = await ownInvoice(req);
    const body = parseOrThrow(documentEmailRequest, req.body ?? {});
    const view = await invoiceView(deps.db, auth.tenantId, row.id);
    // A draft, or a draft discarded before issue (void with no number): nothing was invoiced to send.
    if (view.status === 'draft' || view.number === null) {
      throw new DomainError('invoice-not-issued', 409, 'Issue the invoice before sending it');
    }
    const customer = await findCustomer(deps.db, auth.tenantId, view.customerId);
    // Blank: the customer's email now (as for a quote); the one taken at issue if they have none.
    const to = body.to ?? customer?.email ?? view.buyer.email;
    if (!to) {
      throw new DomainError('customer-email-missing', 409, 'This customer has no email address', 'to');
    }
    const business = await businessOf(deps.db, auth.tenantId);
    const context = documentContext(business);
    await sendDocumentMail(
      deps,
      to,
      invoiceMail(context, view, view.correctsNumber),
      { name: view.number, pdf: await invoicePdf(context, view, view.correctsNumber) },
      `Invoice ${view.number} could not be emailed; try again`,
    );
    res.json({ sentTo: to });
  });

  // ——— quotes ———

  router.get('/api/quotes', async (req, res) => {
    const auth = authorizeRead(req, 'quotes.create');
    const filter = parseOrThrow(quoteListQuery, req.query);
    const day = today(await businessOf(deps.db, auth.tenantId));
    const rows = await listQuotes(deps.db, auth.tenantId, { ...filter, limit: filter.limit + 1 }, day);
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    const body: QuoteListPage = {
      quotes: page.map((r) =>
        toQuoteSummary(r, day, r.sale_id && r.sale_number ? { id: r.sale_id, number: r.sale_number } : null),
      ),
      next: rows.length > filter.limit && last ? cursorAfter(last.created_at, last.id) : null,
      total: await countQuotes(deps.db, auth.tenantId, filter, day),
    };
    res.json(body);
  });

  router.post('/api/quotes', async (req, res) => {
    const body = parseOrThrow(quoteCreateRequest, req.body);
    const view = await execute(deps, commandContext(deps, req), createQuote, {
      ...body,
      id: body.id ?? deps.newId(),
    });
    res.status(201).json(view);
  });

  router.get('/api/quotes/:id', async (req, res) => {
    const { auth, row } = await ownQuote(req, 'quotes.create');
    res.json(
      await quoteView(deps.db, auth.tenantId, row.id, today(await businessOf(deps.db, auth.tenantId))),
    );
  });

  /**
   * Marks the quote sent, then emails it after the commit; when the transport
   * fails the quote stays sent and the client gets 502 `mail-failed` (send again to retry).
   */
  router.post('/api/quotes/:id/send', async (req, res) => {
    const { auth } = await ownQuote(req, 'quotes.create');
    const body = parseOrThrow(documentEmailRequest, req.body ?? {});
    const { quote, to } = await execute(deps, commandContext(deps, req), sendQuote, {
      quoteId: req.params.id,
      to: body.to,
    });
    const business = await businessOf(deps.db, auth.tenantId);
    const { seller, buyer } = await quoteParties(auth.tenantId, business, quote);
    const context = documentContext(business);
    await sendDocumentMail(
      deps,
      to,
      quoteMail(context, quote, seller, buyer),
      { name: quote.number, pdf: await quotePdf(context, quote, seller, buyer) },
      `Quote ${quote.number} is marked as sent but could not be emailed; send it again`,
    );
    res.json(quote);
  });

  /**
   * The quote as the A4 page its email carries, to print (as an invoice's print page). Anyone who
   * works with quotes may print one, whatever its status.
   */
  router.get('/api/quotes/:id/print', async (req, res) => {
    const { auth, row } = await ownQuote(req, 'quotes.create');
    const business = await businessOf(deps.db, auth.tenantId);
    const quote = await quoteView(deps.db, auth.tenantId, row.id, today(business));
    const { seller, buyer } = await quoteParties(auth.tenantId, business, quote);
    res.type('html').send(quoteDocumentHtml(documentContext(business), quote, seller, buyer));
  });

  /** The quote as a PDF file to download (`Q-XXXX-000001.pdf`), the one its email attaches; any status. */
  router.get('/api/quotes/:id/pdf', async (req, res) => {
    const { auth, row } = await ownQuote(req, 'quotes.create');
    const business = await businessOf(deps.db, auth.tenantId);
    const quote = await quoteView(deps.db, auth.tenantId, row.id, today(business));
    const { seller, buyer } = await quoteParties(auth.tenantId, business, quote);
    sendPdf(res, quote.number, await quotePdf(documentContext(business), quote, seller, buyer));
  });

  router.patch('/api/quotes/:id', async (req, res) => {
    await ownQuote(req, 'quotes.create');
    const body = parseOrThrow(quoteUpdateRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), updateQuoteCommand, { ...body, quoteId: req.params.id }),
    );
  });

  router.post('/api/quotes/:id/convert', async (req, res) => {
    await ownQuote(req, 'quotes.convert');
    const body = parseOrThrow(quoteConvertRequest, req.body ?? {});
    const result = await execute(deps, commandContext(deps, req), convertQuote, {
      ...body,
      invoiceId: body.invoiceId ?? deps.newId(),
      quoteId: req.params.id,
    });
    res.status(201).json(result);
  });

  return router;
}

/**
 * Every GraphQL document the Centra node sends. Constants with variables only: user text never
 * becomes query text. Each one is validated against Centra's published schema (the contract file
 * contracts/centra.graphql) by test/contracts/centraContract.test.ts.
 *
 * `Order` and `Return` are interfaces in Centra's schema, so direct-to-consumer fields are read
 * through `... on DirectToConsumerOrder` / `... on DirectToConsumerReturn`. Nested lists are
 * paged by Centra (limit 1-200, default 20): every list that can grow is read with limit 200 and
 * a page variable, and the callers loop until a short page.
 */

const MONEY = 'value currency { code }';

/** Largest page Centra serves for a list ("Limit must be in range 1 - 200"). */
export const PAGE_SIZE = 200;

export const PRODUCT_SIZES = `query ProductSizes($where: ProductSizeFilter) {
  productSizes(where: $where, limit: 2) { id SKU EAN size { name } productVariant { id name } }
}`;

export const WAREHOUSES = `query Warehouses($page: Int) {
  warehouses(limit: 200, page: $page) { id name externalId }
}`;

/** The market and pricelist lists of the exchange order fields (node version 2, editor only). */
export const MARKETS = `query Markets($page: Int) {
  markets(limit: 200, page: $page) { id name }
}`;

export const PRICELISTS = `query Pricelists($page: Int) {
  pricelists(limit: 200, page: $page) { id name }
}`;

export const CHANGE_STOCK = `mutation ChangeStock($input: StockChangeInput!) {
  changeStock(input: $input) {
    stockChange {
      id createdAt comment warehouse { id name }
      lines(limit: 200) { deliveredQuantity productSize { SKU } }
    }
    userErrors { message path }
    userWarnings { message path }
  }
}`;

export const STOCK_CHANGES = `query StockChanges($where: StockChangeFilter, $first: Int, $after: String) {
  stockChangeConnection(where: $where, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id createdAt comment type warehouse { id name }
        lines(limit: 200) { id deliveredQuantity productSize { id SKU EAN } }
      }
    }
  }
}`;

export const WAREHOUSE_STOCK = `query WarehouseStock($sizeIds: [Int!], $page: Int) {
  warehouses(limit: 200) {
    id name
    stock(where: { productSizeId: $sizeIds }, limit: 200, page: $page) {
      productSize { id SKU EAN } freeToAllocateQuantity physicalQuantity allocatedQuantity
    }
  }
}`;

const ORDER_FIELDS = `id number status createdAt internalComment otherComment
  grandTotal { ${MONEY} }
  lines {
    id quantity returnedQuantity productNumber productName size taxPercent
    productSize { id SKU EAN } unitPrice { ${MONEY} } lineValue { ${MONEY} }
  }
  ... on DirectToConsumerOrder {
    customer { id email }
    shipments {
      id number isShipped
      lines { id quantity returnedQuantity orderLine { id productSize { SKU EAN } } }
    }
  }`;

export const ORDER_BY_NUMBER = `query OrderByNumber($number: [Int!]) {
  orders(where: { number: $number }, limit: 1) { ${ORDER_FIELDS} }
}`;

/** The orders of up to one page of numbers (Order: Get Many by Number). */
export const ORDERS_BY_NUMBERS = `query OrdersByNumbers($numbers: [Int!], $limit: Int) {
  orders(where: { number: $numbers }, limit: $limit) { ${ORDER_FIELDS} }
}`;

/**
 * The orders at an exchange's candidate numbers, with the internal comment that names the
 * exchange's key (the exchange-order duplicate and clash guard).
 */
export const EXCHANGE_ORDERS = `query ExchangeOrders($numbers: [Int!], $limit: Int) {
  orders(where: { number: $numbers }, limit: $limit) { id number internalComment }
}`;

export const ORDER_HISTORY = `query OrderHistory($number: [Int!], $page: Int) {
  orders(where: { number: $number }, limit: 1) {
    id number
    ... on DirectToConsumerOrder { history(limit: 200, page: $page) { id createdAt type dataJSON } }
  }
}`;

const RETURN_FIELDS = `id returnStatus createdAt
  ... on DirectToConsumerReturn {
    externalId comment returnedToStock returnWarehouse { id name }
    grandTotal { ${MONEY} }
    order { id number }
    shipment { id number }
    lines {
      id quantity unitPrice { ${MONEY} } lineValue { ${MONEY} }
      orderLine { id taxPercent productSize { SKU EAN } }
      shipmentLine { id }
    }
    totals {
      quantity lineValues { ${MONEY} } shipping { ${MONEY} } handling { ${MONEY} }
      returnCost { ${MONEY} } taxIncluded { ${MONEY} }
    }
    refundPaymentHistory { id createdAt status entryType value { ${MONEY} } }
  }`;

export const RETURNS_BY = `query Returns($where: ReturnFilter) {
  returns(where: $where, limit: 200) { ${RETURN_FIELDS} }
}`;

export const RETURNS_PAGE = `query ReturnsPage($where: ReturnFilter, $limit: Int, $page: Int) {
  returns(where: $where, limit: $limit, page: $page) { ${RETURN_FIELDS} }
}`;

export const CREATE_RETURN = `mutation CreateReturn($input: ReturnCreateInput!) {
  createReturn(input: $input) {
    return { ${RETURN_FIELDS} }
    userErrors { message path }
    userWarnings { message path }
  }
}`;

export const COMPLETE_RETURN = `mutation CompleteReturn($id: Int!, $sendEmail: Boolean) {
  completeReturn(id: $id, input: { sendEmail: $sendEmail }) {
    return { ${RETURN_FIELDS} }
    userErrors { message path }
    userWarnings { message path }
  }
}`;

export const REFUND_RETURN = `mutation RefundReturn($id: Int!, $sendEmail: Boolean) {
  refundReturn(id: $id, input: { sendEmail: $sendEmail }) {
    return { ${RETURN_FIELDS} }
    paymentHistoryEntries { id status entryType value { ${MONEY} } }
    userErrors { message path }
    userWarnings { message path }
  }
}`;

/** Voids a duplicate return that lost a concurrent race (see helpers/returns.ts). */
export const DELETE_RETURN = `mutation DeleteReturn($id: Int!) {
  deleteReturn(id: $id) { userErrors { message path } userWarnings { message path } }
}`;

export const ADD_ORDER_NOTE = `mutation AddOrderNote($input: OrderNoteAddInput!) {
  addOrderNote(input: $input) {
    orderHistoryEntry { id createdAt type dataJSON }
    userErrors { message path }
    userWarnings { message path }
  }
}`;

/** Centra's free rate-limit query: the credential test and the pacing probe. */
export const RATE_LIMITS = `query RateLimits {
  rateLimits { type intervalSeconds quota usedQuota remainingQuota }
}`;

/**
 * Check Setup: what the merchant's token can see of the schema. Introspection needs no
 * permission; the answer is compared with CENTRA_CONTRACT (contract.ts).
 */
export const CHECK_SETUP = `query CheckSetup {
  __schema {
    types {
      name kind
      fields(includeDeprecated: true) { name args { name } }
      inputFields { name }
      enumValues(includeDeprecated: true) { name }
    }
  }
}`;

/** Every document above, by name: the contract test validates each of them. */
export const CENTRA_DOCUMENTS: Readonly<Record<string, string>> = {
	PRODUCT_SIZES,
	WAREHOUSES,
	MARKETS,
	PRICELISTS,
	CHANGE_STOCK,
	STOCK_CHANGES,
	WAREHOUSE_STOCK,
	ORDER_BY_NUMBER,
	ORDERS_BY_NUMBERS,
	EXCHANGE_ORDERS,
	ORDER_HISTORY,
	RETURNS_BY,
	RETURNS_PAGE,
	CREATE_RETURN,
	COMPLETE_RETURN,
	REFUND_RETURN,
	DELETE_RETURN,
	ADD_ORDER_NOTE,
	RATE_LIMITS,
	CHECK_SETUP,
};

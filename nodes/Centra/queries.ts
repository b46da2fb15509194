/**
 * Every GraphQL document the Centra node sends. Constants with variables only: user text never
 * becomes query text.
 */

const MONEY = 'value currency { code }';

export const PRODUCT_SIZES = `query ProductSizes($where: ProductSizeFilter) {
  productSizes(where: $where, limit: 2) { id SKU EAN size { name } productVariant { id name } }
}`;

export const WAREHOUSES = `query Warehouses($page: Int) { warehouses(limit: 200, page: $page) { id name externalId } }`;

export const CHANGE_STOCK = `mutation ChangeStock($input: StockChangeInput!) {
  changeStock(input: $input) {
    stockChange { id createdAt comment warehouse { id name } lines { deliveredQuantity productSize { SKU } } }
    userErrors { message path }
    userWarnings { message path }
  }
}`;

export const STOCK_CHANGES = `query StockChanges($where: StockChangeFilter, $first: Int, $after: String) {
  stockChangeConnection(where: $where, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id createdAt comment type warehouse { id name } lines { id deliveredQuantity productSize { id SKU EAN } } } }
  }
}`;

export const WAREHOUSE_STOCK = `query WarehouseStock($sizeIds: [Int!]) {
  warehouses(limit: 200) { id name stock(where: { productSizeId: $sizeIds }) { productSize { id SKU EAN } freeToAllocateQuantity physicalQuantity allocatedQuantity } }
}`;

const ORDER_FIELDS = `id number status createdAt internalComment otherComment customer { id email }
  grandTotal { ${MONEY} }
  lines { id quantity returnedQuantity productNumber productName size taxPercent productSize { id SKU EAN } unitPrice { ${MONEY} } lineValue { ${MONEY} } }
  shipments { id number isShipped shippingValue { ${MONEY} } lines { id quantity returnedQuantity orderLine { id productSize { SKU EAN } } } }`;

export const ORDER_BY_NUMBER = `query OrderByNumber($number: [Int!]) { orders(where: { number: $number }, limit: 1) { ${ORDER_FIELDS} } }`;

export const ORDER_HISTORY = `query OrderHistory($number: [Int!]) { orders(where: { number: $number }, limit: 1) { id number history { id createdAt type dataJSON } } }`;

const RETURN_FIELDS = `id returnStatus createdAt externalId comment returnedToStock returnWarehouse { id name }
  order { id number }
  shipment { id number }
  lines { id quantity taxPercent unitPrice { ${MONEY} } lineValue { ${MONEY} } orderLine { id productSize { SKU EAN } } shipmentLine { id } }
  totals { quantity lineValues { ${MONEY} } shipping { ${MONEY} } handling { ${MONEY} } returnCost { ${MONEY} } taxIncluded { ${MONEY} } grandTotal { ${MONEY} } }
  refundPaymentHistory { id createdAt status entryType value { ${MONEY} } }`;

export const RETURNS_BY = `query Returns($where: ReturnFilter) { returns(where: $where, limit: 10) { ${RETURN_FIELDS} } }`;

export const RETURNS_PAGE = `query ReturnsPage($where: ReturnFilter, $limit: Int, $page: Int) { returns(where: $where, limit: $limit, page: $page) { ${RETURN_FIELDS} } }`;

export const CREATE_RETURN = `mutation CreateReturn($input: ReturnCreateInput!) {
  createReturn(input: $input) { return { ${RETURN_FIELDS} } userErrors { message path } userWarnings { message path } }
}`;

export const COMPLETE_RETURN = `mutation CompleteReturn($id: Int!, $sendEmail: Boolean) {
  completeReturn(id: $id, input: { sendEmail: $sendEmail }) { return { ${RETURN_FIELDS} } userErrors { message path } userWarnings { message path } }
}`;

export const REFUND_RETURN = `mutation RefundReturn($id: Int!, $sendEmail: Boolean) {
  refundReturn(id: $id, input: { sendEmail: $sendEmail }) { return { ${RETURN_FIELDS} } paymentHistoryEntries { id status entryType value { ${MONEY} } } userErrors { message path } userWarnings { message path } }
}`;

export const ADD_ORDER_NOTE = `mutation AddOrderNote($input: OrderNoteAddInput!) {
  addOrderNote(input: $input) { orderHistoryEntry { id createdAt type dataJSON } userErrors { message path } userWarnings { message path } }
}`;

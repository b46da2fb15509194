/** The stock bucket of a grade that leaves no stock ("none" in the disposition mapping). */
export const NO_STOCK_BUCKET = 'NONE';

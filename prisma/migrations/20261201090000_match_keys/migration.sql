-- The duplicate warning's key (normaliseName of the name), so a new lead's look-alikes are found in SQL
-- instead of reading every name in the workspace. Rows written before it are filled at start-up (fillMatchKeys).
ALTER TABLE "Contact" ADD COLUMN "matchKey" TEXT;
ALTER TABLE "Lead" ADD COLUMN "matchKey" TEXT;

import type { ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { AREA_PATHS, type Area } from './nav';
import { AccountScreen } from './screens/account/AccountScreen';
import { AreaScreen, type PlaceholderArea } from './screens/areas/AreaScreen';
import { AuditScreen } from './screens/audit/AuditScreen';
import { bookingsRoutes } from './screens/bookings/routes';
import { CatalogScreen } from './screens/catalog/CatalogScreen';
import { CategoriesScreen } from './screens/catalog/CategoriesScreen';
import { ImportScreen } from './screens/catalog/ImportScreen';
import { ProductFormScreen } from './screens/catalog/ProductFormScreen';
import { CustomerFormScreen } from './screens/customers/CustomerFormScreen';
import { CustomerScreen } from './screens/customers/CustomerScreen';
import { CustomersScreen } from './screens/customers/CustomersScreen';
import { DashboardScreen } from './screens/dashboard/DashboardScreen';
import { AcceptInviteScreen } from './screens/invite/AcceptInviteScreen';
import { DocumentFormScreen } from './screens/invoices/DocumentFormScreen';
import { InvoiceScreen } from './screens/invoices/InvoiceScreen';
import { InvoicesScreen } from './screens/invoices/InvoicesScreen';
import { LoginScreen } from './screens/login/LoginScreen';
import { membersRoutes } from './screens/members/routes';
import { ForgotPasswordScreen } from './screens/password/ForgotPasswordScreen';
import { ResetPasswordScreen } from './screens/password/ResetPasswordScreen';
import { PlatformScreen } from './screens/platform/PlatformScreen';
import { TenantDetailScreen } from './screens/platform/TenantDetailScreen';
import { PurchaseOrderFormScreen } from './screens/purchasing/PurchaseOrderFormScreen';
import { PurchaseOrderScreen } from './screens/purchasing/PurchaseOrderScreen';
import { PurchaseOrdersScreen } from './screens/purchasing/PurchaseOrdersScreen';
import { SuppliersScreen } from './screens/purchasing/SuppliersScreen';
import { QuoteScreen } from './screens/quotes/QuoteScreen';
import { QuotesScreen } from './screens/quotes/QuotesScreen';
import { HistoryScreen, SaleReceiptScreen } from './screens/sales/HistoryScreen';
import { RefundScreen } from './screens/sales/RefundScreen';
import { SaleScreen } from './screens/sales/SaleScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { SyncScreen } from './screens/settings/sync/SyncScreen';
import { SetupScreen } from './screens/setup/SetupScreen';
import { AppLayout } from './screens/shell/AppLayout';
import { AreaGate } from './screens/shell/AreaGate';
import { NotFoundScreen } from './screens/shell/NotFoundScreen';
import { Root } from './screens/shell/Root';
import { CloseShiftScreen } from './screens/shifts/CloseShiftScreen';
import { OpenShiftScreen } from './screens/shifts/OpenShiftScreen';
import { ShiftScreen } from './screens/shifts/ShiftScreen';
import { ShiftsHistoryScreen } from './screens/shifts/ShiftsHistoryScreen';
import { AdjustScreen, TransferScreen } from './screens/stock/AdjustScreen';
import { CountScreen } from './screens/stock/CountScreen';
import { CountsScreen } from './screens/stock/CountsScreen';
import { LocationsScreen } from './screens/stock/LocationsScreen';
import { LowStockScreen } from './screens/stock/LowStockScreen';
import { MovementsScreen } from './screens/stock/MovementsScreen';
import { OversellsScreen } from './screens/stock/OversellsScreen';
import { StockLayout } from './screens/stock/StockLayout';
import { UsersScreen } from './screens/users/UsersScreen';

const PLACEHOLDER_AREAS: readonly PlaceholderArea[] = ['billing'];

const gated = (area: Area, element: ReactNode) => <AreaGate area={area}>{element}</AreaGate>;

export function createRouter() {
  return createBrowserRouter([
    {
      element: <Root />,
      children: [
        { path: 'setup', element: <SetupScreen /> },
        { path: 'login', element: <LoginScreen /> },
        { path: 'forgot-password', element: <ForgotPasswordScreen /> },
        { path: 'reset-password/:token', element: <ResetPasswordScreen /> },
        { path: 'invite/:token', element: <AcceptInviteScreen /> },
        {
          element: <AppLayout />,
          children: [
            { index: true, element: <DashboardScreen /> },
            ...PLACEHOLDER_AREAS.map((area) => ({
              path: AREA_PATHS[area],
              element: (
                <AreaGate area={area}>
                  <AreaScreen area={area} />
                </AreaGate>
              ),
            })),
            ...bookingsRoutes,
            ...membersRoutes,
            { path: AREA_PATHS.sales, element: gated('sales', <SaleScreen />) },
            { path: 'sales/history', element: gated('sales', <HistoryScreen />) },
            { path: 'sales/history/:saleId', element: gated('sales', <SaleReceiptScreen />) },
            { path: 'sales/refund', element: gated('sales', <RefundScreen />) },
            { path: 'shifts', element: gated('sales', <ShiftScreen />) },
            { path: 'shifts/open', element: gated('sales', <OpenShiftScreen />) },
            { path: 'shifts/:shiftId/close', element: gated('sales', <CloseShiftScreen />) },
            { path: 'shifts/history', element: gated('sales', <ShiftsHistoryScreen />) },
            { path: 'customers', element: gated('sales', <CustomersScreen />) },
            { path: 'customers/new', element: gated('sales', <CustomerFormScreen />) },
            { path: 'customers/:customerId', element: gated('sales', <CustomerScreen />) },
            { path: 'customers/:customerId/edit', element: gated('sales', <CustomerFormScreen />) },
            { path: 'invoices', element: gated('sales', <InvoicesScreen />) },
            { path: 'invoices/new', element: gated('sales', <DocumentFormScreen kind="invoice" />) },
            { path: 'invoices/:invoiceId', element: gated('sales', <InvoiceScreen />) },
            { path: 'quotes', element: gated('sales', <QuotesScreen />) },
            { path: 'quotes/new', element: gated('sales', <DocumentFormScreen kind="quote" />) },
            { path: 'quotes/:quoteId', element: gated('sales', <QuoteScreen />) },
            { path: AREA_PATHS.catalog, element: gated('catalog', <CatalogScreen />) },
            { path: 'catalog/products/new', element: gated('catalog', <ProductFormScreen />) },
            { path: 'catalog/products/:productId', element: gated('catalog', <ProductFormScreen />) },
            { path: 'catalog/categories', element: gated('catalog', <CategoriesScreen />) },
            { path: 'catalog/import', element: gated('purchasing', <ImportScreen />) },
            {
              path: AREA_PATHS.stock,
              element: gated('stock', <StockLayout />),
              children: [
                { index: true, element: <MovementsScreen /> },
                { path: 'adjust', element: gated('purchasing', <AdjustScreen />) },
                { path: 'transfer', element: gated('purchasing', <TransferScreen />) },
                { path: 'counts', element: <CountsScreen /> },
                { path: 'counts/:countId', element: <CountScreen /> },
                { path: 'low', element: <LowStockScreen /> },
                { path: 'oversells', element: <OversellsScreen /> },
                { path: 'locations', element: <LocationsScreen /> },
              ],
            },
            { path: AREA_PATHS.purchasing, element: gated('purchasing', <PurchaseOrdersScreen />) },
            { path: 'purchase-orders/new', element: gated('purchasing', <PurchaseOrderFormScreen />) },
            { path: 'purchase-orders/:orderId', element: gated('purchasing', <PurchaseOrderScreen />) },
            { path: 'suppliers', element: gated('purchasing', <SuppliersScreen />) },
            {
              path: AREA_PATHS.audit,
              element: (
                <AreaGate area="audit">
                  <AuditScreen />
                </AreaGate>
              ),
            },
            {
              path: AREA_PATHS.users,
              element: (
                <AreaGate area="users">
                  <UsersScreen />
                </AreaGate>
              ),
            },
            { path: AREA_PATHS.settings, element: <SettingsScreen /> },
            { path: 'settings/sync', element: <SyncScreen /> },
            { path: 'account', element: <AccountScreen /> },
            {
              path: AREA_PATHS.platform,
              element: (
                <AreaGate area="platform">
                  <PlatformScreen />
                </AreaGate>
              ),
            },
            {
              path: 'platform/tenants/:tenantId',
              element: (
                <AreaGate area="platform">
                  <TenantDetailScreen />
                </AreaGate>
              ),
            },
            { path: '*', element: <NotFoundScreen /> },
          ],
        },
      ],
    },
  ]);
}

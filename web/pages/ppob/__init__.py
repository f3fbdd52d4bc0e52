"""PPOB pages: a member buys pulsa, data, PLN tokens, e-wallet top-ups and pays bills from the
wallet (or by a Xendit invoice when it is short); the cashier sells the same for cash; receipts
that print on a 58 mm printer; histories with filters and CSV; markups and the platform fee.

The member's counter is ``/ppob`` (``member``), the cashier's ``/koperasi/{id}/ppob/kasir``
(``cashier``): the same templates and handlers (``counter``), told apart by the screen service's
``Counter``. ``records`` holds the receipt and the histories, ``prices`` the markups, the platform
fee and the price list sync; ``common`` the labels, the URLs and the form plumbing. Each route
parses, calls one function of ``ppob.service.screens`` (which decides, and builds what the page
shows) and renders. Prices on the page are the service's quote for the cooperative; the price a
form sends back is only compared (a changed or tampered price is refused), never charged.
"""

from fastapi import APIRouter

from web.pages.ppob import cashier, member, prices, records

router = APIRouter()
for _screen in (member, cashier, records, prices):
    router.include_router(_screen.router)

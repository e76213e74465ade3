"""Contains endpoint functions for accessing the API"""

from .list_charge_boxes import aiter_charge_box_pages, aiter_charge_boxes, iter_charge_box_pages, iter_charge_boxes

__all__ = [
    "aiter_charge_box_pages",
    "aiter_charge_boxes",
    "iter_charge_box_pages",
    "iter_charge_boxes",
]

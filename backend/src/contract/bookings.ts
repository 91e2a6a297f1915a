/** HTTP contract of the bookings domain (coworking). */
export {};

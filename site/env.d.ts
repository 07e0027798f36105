/// <reference types="astro/client" />

type FrontDoorLocals = import('../src/api/app.ts').PageLocals;

declare namespace App {
  /** Set once per request by the front door (src/api/app.ts). */
  interface Locals extends FrontDoorLocals {}
}

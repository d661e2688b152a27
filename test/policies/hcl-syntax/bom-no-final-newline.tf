locals {
  bom = 1
}
/**
 * A small OData `$filter` parser for the comparisons the fake serves:
 * `<property> <op> <literal>` joined by `and` / `or`, with parentheses. Anything else (functions,
 * `not`, lambda operators) is reported as unsupported rather than guessed at.
 */

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'

export type FilterLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'dateTime'; value: string; time: number }
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; value: number }

export interface Comparison {
  kind: 'comparison'
  property: string
  operator: ComparisonOperator
  literal: FilterLiteral
}

export type FilterExpression =
  Comparison | { kind: 'and'; operands: FilterExpression[] } | { kind: 'or'; operands: FilterExpression[] }

/** Why a filter was refused: malformed (`syntax`), valid OData the service refuses (`unsupported`), or mistyped. */
export type FilterProblem = 'syntax' | 'unsupported' | 'incompatibleTypes'

export class FilterError extends Error {
  readonly problem: FilterProblem
  /** The property the problem is about, when there is one. */
  readonly property: string | undefined

  constructor(problem: FilterProblem, message: string, property?: string) {
    super(message)
    this.name = 'FilterError'
    this.problem = problem
    this.property = property
  }
}

const OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})$/
const TOKEN = /\s*(\(|\)|'(?:[^']|'')*'|[^\s()]+)/y

function tokenize(text: string): string[] {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex
    const match = TOKEN.exec(text)
    if (match === null) {
      if (text.slice(start).trim() === '') break
      throw new FilterError('syntax', `Invalid filter clause: unexpected text at position ${start}.`)
    }
    tokens.push(match[1] ?? '')
  }
  return tokens
}

function parseLiteral(token: string): FilterLiteral {
  if (token.startsWith("'")) {
    if (!token.endsWith("'") || token.length < 2) {
      throw new FilterError('syntax', 'Invalid filter clause: unterminated string literal.')
    }
    return { kind: 'string', value: token.slice(1, -1).replaceAll("''", "'") }
  }
  if (token === 'null') return { kind: 'null' }
  if (token === 'true' || token === 'false') return { kind: 'boolean', value: token === 'true' }
  if (DATE_TIME.test(token)) {
    const time = Date.parse(token)
    if (Number.isNaN(time)) {
      throw new FilterError('syntax', `Invalid filter clause: bad date/time '${token}'.`)
    }
    return { kind: 'dateTime', value: token, time }
  }
  if (/^-?\d+(\.\d+)?$/.test(token)) return { kind: 'number', value: Number(token) }
  throw new FilterError('syntax', `Invalid filter clause: '${token}' is not a literal.`)
}

class Parser {
  private readonly tokens: string[]
  private position = 0

  constructor(tokens: string[]) {
    this.tokens = tokens
  }

  parse(): FilterExpression {
    const expression = this.parseOr()
    if (this.position < this.tokens.length) {
      throw new FilterError('syntax', `Invalid filter clause: unexpected '${this.tokens[this.position]}'.`)
    }
    return expression
  }

  private peek(): string | undefined {
    return this.tokens[this.position]
  }

  private next(): string {
    const token = this.tokens[this.position]
    if (token === undefined) {
      throw new FilterError('syntax', 'Invalid filter clause: unexpected end of filter.')
    }
    this.position++
    return token
  }

  private parseOr(): FilterExpression {
    const operands = [this.parseAnd()]
    while (this.peek()?.toLowerCase() === 'or') {
      this.position++
      operands.push(this.parseAnd())
    }
    return operands.length === 1 && operands[0] !== undefined ? operands[0] : { kind: 'or', operands }
  }

  private parseAnd(): FilterExpression {
    const operands = [this.parseFactor()]
    while (this.peek()?.toLowerCase() === 'and') {
      this.position++
      operands.push(this.parseFactor())
    }
    return operands.length === 1 && operands[0] !== undefined ? operands[0] : { kind: 'and', operands }
  }

  private parseFactor(): FilterExpression {
    const token = this.next()
    if (token === '(') {
      const inner = this.parseOr()
      if (this.next() !== ')') throw new FilterError('syntax', "Invalid filter clause: expected ')'.")
      return inner
    }
    if (token.toLowerCase() === 'not') {
      throw new FilterError('unsupported', "The 'not' operator is not supported here.")
    }
    if (this.peek() === '(' || token.includes('/any') || token.includes('/all')) {
      throw new FilterError('unsupported', `The function or lambda '${token}' is not supported here.`, token)
    }
    const operator = this.next().toLowerCase()
    if (!OPERATORS.has(operator)) {
      throw new FilterError('unsupported', `The operator '${operator}' is not supported here.`, token)
    }
    return {
      kind: 'comparison',
      property: token,
      operator: operator as ComparisonOperator,
      literal: parseLiteral(this.next())
    }
  }
}

export function parseFilter(text: string): FilterExpression {
  const tokens = tokenize(text)
  if (tokens.length === 0) throw new FilterError('syntax', 'Invalid filter clause: the filter is empty.')
  return new Parser(tokens).parse()
}

/** The comparisons in a filter, in order. */
export function comparisonsOf(expression: FilterExpression): Comparison[] {
  if (expression.kind === 'comparison') return [expression]
  return expression.operands.flatMap(comparisonsOf)
}

export function usesOr(expression: FilterExpression): boolean {
  if (expression.kind === 'comparison') return false
  return expression.kind === 'or' || expression.operands.some(usesOr)
}

/** What a filterable property accepts and how to read it from a record. */
export interface FilterableProperty<T> {
  type: 'string' | 'dateTime'
  operators: readonly ComparisonOperator[]
  /** Whether `eq null` / `ne null` is accepted. */
  nullable: boolean
  read(record: T): string | null | undefined
}

function compareWith(operator: ComparisonOperator, order: number): boolean {
  switch (operator) {
    case 'eq':
      return order === 0
    case 'ne':
      return order !== 0
    case 'gt':
      return order > 0
    case 'ge':
      return order >= 0
    case 'lt':
      return order < 0
    case 'le':
      return order <= 0
  }
}

function literalTypeName(literal: FilterLiteral): string {
  switch (literal.kind) {
    case 'string':
      return 'Edm.String'
    case 'dateTime':
      return 'Edm.DateTimeOffset'
    case 'boolean':
      return 'Edm.Boolean'
    case 'number':
      return 'Edm.Int32'
    case 'null':
      return 'null'
  }
}

function compileComparison<T>(
  comparison: Comparison,
  properties: Readonly<Record<string, FilterableProperty<T>>>,
  resourceName: string
): (record: T) => boolean {
  const { property: name, operator, literal } = comparison
  const property = Object.hasOwn(properties, name) ? properties[name] : undefined
  if (property === undefined || !property.operators.includes(operator)) {
    throw new FilterError(
      'unsupported',
      `Unsupported or invalid query filter clause specified for property '${name}' of resource '${resourceName}'.`,
      name
    )
  }
  if (literal.kind === 'null') {
    if (!property.nullable || (operator !== 'eq' && operator !== 'ne')) {
      throw new FilterError(
        'unsupported',
        `Unsupported or invalid query filter clause specified for property '${name}' of resource '${resourceName}'.`,
        name
      )
    }
    return (record) => {
      const value = property.read(record)
      const isNull = value === null || value === undefined
      return operator === 'eq' ? isNull : !isNull
    }
  }
  const expected = property.type === 'string' ? 'string' : 'dateTime'
  if (literal.kind !== expected) {
    throw new FilterError(
      'incompatibleTypes',
      `A binary operator with incompatible types was detected. Found operand types '${property.type === 'string' ? 'Edm.String' : 'Edm.DateTimeOffset'}' and '${literalTypeName(literal)}' for operator kind '${operator}'.`,
      name
    )
  }
  if (literal.kind === 'dateTime') {
    return (record) => {
      const value = property.read(record)
      if (value === null || value === undefined) return operator === 'ne'
      return compareWith(operator, Math.sign(Date.parse(value) - literal.time))
    }
  }
  const text = literal.kind === 'string' ? literal.value.toLowerCase() : ''
  // Directory string comparisons are case-insensitive.
  return (record) => {
    const value = property.read(record)
    if (value === null || value === undefined) return operator === 'ne'
    const actual = value.toLowerCase()
    return compareWith(operator, actual < text ? -1 : actual > text ? 1 : 0)
  }
}

/** Turns a parsed filter into a predicate, refusing properties and operators not declared in `properties`. */
export function compileFilter<T>(
  expression: FilterExpression,
  properties: Readonly<Record<string, FilterableProperty<T>>>,
  resourceName: string
): (record: T) => boolean {
  if (expression.kind === 'comparison') return compileComparison(expression, properties, resourceName)
  const operands = expression.operands.map((operand) => compileFilter(operand, properties, resourceName))
  return expression.kind === 'and'
    ? (record) => operands.every((operand) => operand(record))
    : (record) => operands.some((operand) => operand(record))
}
